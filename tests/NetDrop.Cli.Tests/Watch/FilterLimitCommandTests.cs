using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;
using NetDrop.Tracing;
using Spectre.Console;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Watch;

/// <summary>
/// The inputs that crashed `netdrop watch --filter` (issue 15) now end in the filter error and exit 2; and a
/// failure of any kind while the source is open still stops it and removes its tracefs instance.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class FilterLimitCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void Five_thousand_seven_hundred_nested_parentheses_are_a_filter_error_with_exit_2()
    {
        string expression = new string('(', 5_700) + "hw" + new string(')', 5_700);

        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--filter", expression);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal("--filter: at column 65: '(' nests 65 deep; at most 64 '(' and '!' may be open at once (docs/filter.md, Limits)", run.Stderr[0]);
            Assert.Equal(new string(' ', 2 + 1 + 50) + "^", run.Stderr[2]);
            Assert.Empty(run.Stdout);
        }
    }

    [Fact]
    public void A_long_chain_is_a_filter_error_with_exit_2()
    {
        // As long a chain as one argument can carry (Linux caps an argument at 128 KiB); a longer one is
        // refused the same way, by its length (FilterLimitTests has the 250,000-term one).
        string expression = string.Join("&&", Enumerable.Repeat("hw", 30_000));

        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--filter", expression);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal($"--filter: at column 16385: the expression is {expression.Length} characters; at most 16384 are accepted (docs/filter.md, Limits)", run.Stderr[0]);
            Assert.Equal(4, run.Stderr.Count);
        }
    }

    [LiveKernelFact]
    public void A_failure_while_the_source_is_open_stops_it_and_removes_its_instance()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        // The watch runs in this process, so its instance has this process's name.
        string instance = Path.Combine(Tracefs.Locate(), "instances", TracefsInstance.NameFor(TracefsInstanceOwner.Current));
        var stdout = new FailingStream(() => Directory.Exists(instance));
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(new StringWriter()) });
        var info = new StringWriter();
        var output = new WatchOutput(console, stdout, TextWriter.Synchronized(info), error);
        var options = new WatchOptions(DropSourcePreference.Tracepoint, WatchMode.Packet, Json: true, DropFilter.All, sender.KernelFilter,
            Duration: TimeSpan.FromSeconds(20), Count: null, Interval: null);

        Task<int> run = Task.Run(() => WatchRunner.Run(options, output, CancellationToken.None));
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); !Watching(info) && waited.Elapsed < TimeSpan.FromSeconds(20);)
        {
            Thread.Sleep(20);
        }

        try
        {
            Assert.True(Directory.Exists(instance), $"{instance} exists while watching\n{info}");
            sender.Send(5);
        }
        finally
        {
            // Whatever failed above, the watch must end before the next live test opens a source of its own.
            Assert.True(run.Wait(Deadline), "watch stopped");
        }

        Assert.True(stdout.InstanceExistedAtFailure == true, $"the output failed while the source was open\n{info}{error}");
        Assert.Equal(1, run.Result);
        Assert.StartsWith("netdrop watch: reading drops failed: NotSupportedException: ", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(instance), "the instance is removed");
    }

    private static bool Watching(StringWriter info)
    {
        lock (info)
        {
            return info.ToString().Contains("Source: ", StringComparison.Ordinal);
        }
    }

    /// <summary>An output that fails with an exception no part of watch expects, noting whether the source was open then.</summary>
    private sealed class FailingStream(Func<bool> sourceOpen) : Stream
    {
        public bool? InstanceExistedAtFailure { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            InstanceExistedAtFailure ??= sourceOpen();
            throw new NotSupportedException("this output refuses every write");
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
