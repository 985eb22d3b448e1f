using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

using NetDrop.Tests.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Watch;

/// <summary>`netdrop watch` in a real terminal (tmux, 120×30): the live table draws, redraws in place as drops come, and Ctrl-C ends it cleanly.</summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed partial class WatchTerminalTests
{
    [LiveKernelFact("tmux")]
    public void The_live_table_renders_updates_in_place_and_ctrl_c_leaves_nothing_behind()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        string command = string.Format(CultureInfo.InvariantCulture,
            "'{0}' '{1}' watch --kernel-filter '{2}'; echo \"netdrop exited $?\"; sleep 120",
            NetdropProcess.DotnetHost, NetdropProcess.CliPath, sender.KernelFilter);
        using var terminal = new Tmux(command, 120, 30);

        string start = terminal.WaitFor(s => s.Contains("/s average", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the table header");
        Assert.Contains("Source: the skb:kfree_skb tracepoint", start);
        int pid = terminal.PaneChild();
        Assert.True(Directory.Exists(TracefsInstances.InstancePath(pid)), $"no tracefs instance for netdrop (pid {pid})");

        sender.Send(7);
        string first = terminal.WaitFor(s => Drops(s) == 7, TimeSpan.FromSeconds(10), "a NO_SOCKET row with 7 drops");
        Assert.Matches(@"│ reason\s+│ function\s+│ iface\s+│ drops │ /s last 5 s │ /s average │", first);

        sender.Send(5);
        string second = terminal.WaitFor(s => Drops(s) == 12, TimeSpan.FromSeconds(10), "the row grown to 12 drops");

        // Redrawn in place: one header and one row, not a new table below the old.
        Assert.Single(Regex.Matches(second, @"│ reason "));
        Assert.Single(Regex.Matches(second, @"│ NO_SOCKET "));
        Assert.Matches(@"12 drops in \d+\.\d s from the skb:kfree_skb tracepoint", second);

        terminal.SendKeys("C-c");
        string end = terminal.WaitFor(s => s.Contains("netdrop exited", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "netdrop's exit");
        Assert.Contains("netdrop exited 0", end);
        Assert.Matches(@"Stopped after \d+\.\d s \(interrupted\)\.", end);
        Assert.Matches(@"Drops seen: 12 from the skb:kfree_skb tracepoint \(kernel filter: [^)]+\); no --filter\.", end);
        Assert.Contains("Lost by the source: 0 (", end);
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(pid)), "the tracefs instance is removed");
        Assert.False(Directory.Exists($"/proc/{pid}"), "netdrop has exited");
    }

    /// <summary>The drops column of the NO_SOCKET row on screen, or -1 when there is no such row.</summary>
    private static int Drops(string screen)
    {
        Match row = NoSocketRow().Match(screen);
        return row.Success ? int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@"│ NO_SOCKET\s+│ __udp4_lib_rcv\s+│ -\s+│\s+(\d+) │")]
    private static partial Regex NoSocketRow();
}
