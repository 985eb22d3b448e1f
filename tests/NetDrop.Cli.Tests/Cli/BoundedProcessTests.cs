using System;
using System.Diagnostics;
using NetDrop.Shared;

namespace NetDrop.Tests.Cli;

/// <summary>The process runner the demo, the live tests and the load benchmark share (tools/Shared).</summary>
public sealed class BoundedProcessTests
{
    [Fact]
    public void Both_pipes_are_read_while_the_tool_runs_so_a_chatty_tool_finishes()
    {
        // 1 MiB on each pipe, far past a pipe's 64 KiB: reading one after the other would block.
        BoundedProcess.Outcome outcome = BoundedProcess.Run("sh", ["-c", "head -c 1048576 /dev/zero | tr '\\0' e >&2; head -c 1048576 /dev/zero | tr '\\0' o; exit 3"], TimeSpan.FromSeconds(20));

        Assert.False(outcome.TimedOut);
        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal(1048576, outcome.Output.Length);
        Assert.Equal(1048576, outcome.Error.Length);
    }

    [Fact]
    public void A_tool_past_its_deadline_is_killed_with_its_children()
    {
        var clock = Stopwatch.StartNew();
        BoundedProcess.Outcome outcome = BoundedProcess.Run("sh", ["-c", "echo started; sleep 30 & wait"], TimeSpan.FromMilliseconds(300));

        Assert.True(outcome.TimedOut);
        Assert.Equal("started\n", outcome.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_program_that_does_not_exist_cannot_be_started()
    {
        Assert.Throws<System.ComponentModel.Win32Exception>(() => BoundedProcess.Run("/nonexistent/netdrop-no-such-tool", [], TimeSpan.FromSeconds(5)));
    }
}
