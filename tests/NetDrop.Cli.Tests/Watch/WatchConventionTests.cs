using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using NetDrop.Shared;
using NetDrop.Tests.Cli;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Watch;

/// <summary>
/// `netdrop watch` as a pipe or a file sees it: data alone on stdout, a closed pipe ending the run, tables
/// never wrapped and timed, loss records in the JSON, filters the source cannot serve, kernel filters by reason name.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class WatchConventionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-conv-live-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelFact]
    public void A_pipe_closed_early_ends_the_run_quietly_with_the_totals_on_stderr()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        string output = Path.Combine(_directory, "head.out");
        string errors = Path.Combine(_directory, "watch.err");
        string status = Path.Combine(_directory, "watch.rc");
        string script = $"'{NetdropProcess.DotnetHost}' '{NetdropProcess.CliPath}' watch --json --kernel-filter '{sender.KernelFilter}' 2>'{errors}' | head -2 >'{output}'; echo ${{PIPESTATUS[0]}} >'{status}'";
        using Process pipeline = BoundedProcess.Start("bash", ["-c", script], redirectInput: false);
        try
        {
            WaitFor(() => File.Exists(errors) && File.ReadAllText(errors).Contains("Source: ", StringComparison.Ordinal), "the Source: line");
            sender.Send(5);

            // head leaves after two lines; netdrop must notice and end without further drops.
            Assert.True(pipeline.WaitForExit(TimeSpan.FromSeconds(20)), "netdrop watch --json | head -2 did not end:\n" + File.ReadAllText(errors));
            pipeline.WaitForExit();
        }
        finally
        {
            if (!pipeline.HasExited)
            {
                pipeline.Kill(entireProcessTree: true);
            }
        }

        string[] lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal("drop", JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
        Assert.Equal("0", File.ReadAllText(status).Trim());
        string[] messages = File.ReadAllLines(errors);
        Assert.Contains(messages, l => Regex.IsMatch(l, @"^Stopped after \d+\.\d s \(standard output closed\)\.$"));
        Assert.Contains(messages, l => l.StartsWith("Drops seen: ", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, l => l.StartsWith("netdrop watch:", StringComparison.Ordinal));
    }

    [LiveKernelFact]
    public void A_table_written_to_a_file_is_data_alone_never_wrapped_and_timed()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        string output = Path.Combine(_directory, "table.txt");
        string errors = Path.Combine(_directory, "table.err");

        // COLUMNS is for terminals: a file gets whole rows however narrow it says the terminal is.
        string script = $"COLUMNS=30 '{NetdropProcess.DotnetHost}' '{NetdropProcess.CliPath}' watch --kernel-filter '{sender.KernelFilter}' --duration 3s --interval 1s >'{output}' 2>'{errors}'";
        using Process watch = BoundedProcess.Start("bash", ["-c", script], redirectInput: false);
        WaitFor(() => File.Exists(errors) && File.ReadAllText(errors).Contains("Source: ", StringComparison.Ordinal), "the Source: line");
        sender.Send(7);
        Assert.True(watch.WaitForExit(Deadline), "watch --duration 3s did not end");
        watch.WaitForExit();
        Assert.Equal(0, watch.ExitCode);

        string[] table = File.ReadAllLines(output);
        Assert.Contains(table, l => Regex.IsMatch(l, @"^\s*NO_SOCKET\s+__udp4_lib_rcv\s+-\s+7\s+[\d.]+\s+[\d.]+\s*$"));
        Assert.Contains(table, l => Regex.IsMatch(l, @"^\s*reason\s+function\s+iface\s+drops\s+/s last 5 s\s+/s average\s*$"));

        // Each printed table (every --interval and the last) says when it was printed.
        string[] captions = table.Where(l => l.Contains(" drops in ", StringComparison.Ordinal)).ToArray();
        string[] times = table.Where(l => Regex.IsMatch(l, @"^At \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z:$")).ToArray();
        Assert.True(captions.Length >= 2, string.Join('\n', table));
        Assert.Equal(captions.Length, times.Length);

        // Messages are not data.
        Assert.DoesNotContain(table, l => l.StartsWith("Source:", StringComparison.Ordinal) || l.StartsWith("Stopped after", StringComparison.Ordinal)
            || l.StartsWith("Drops seen", StringComparison.Ordinal) || l.StartsWith("Lost by the source", StringComparison.Ordinal));
        string[] messages = File.ReadAllLines(errors);
        Assert.Contains(messages, l => l.StartsWith("Stopped after ", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith("Lost by the source: 0 ", StringComparison.Ordinal));
    }

    [LiveKernelFact]
    public void Packet_lines_on_stdout_are_the_drops_alone()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using NetdropProcess watch = NetdropProcess.Start("watch", "--mode", "packet", "--kernel-filter", sender.KernelFilter, "-c", "4");
        watch.WaitUntilWatching();
        sender.Send(4);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        Assert.Equal(4, watch.Stdout.Count);
        Assert.All(watch.Stdout, l => Assert.Contains(" NO_SOCKET __udp4_lib_rcv ", l, StringComparison.Ordinal));
        Assert.Contains(watch.Stderr, l => l.StartsWith("Source: ", StringComparison.Ordinal));
        Assert.Contains(watch.Stderr, l => l.EndsWith("(--count 4 reached).", StringComparison.Ordinal));
    }

    [LiveKernelFact]
    public void Watch_json_with_its_loss_record_matches_docs_json_md()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using NetdropProcess watch = NetdropProcess.Start("watch", "--json", "--kernel-filter", sender.KernelFilter, "--count", "6", "--buffer-size", "256KiB");
        watch.WaitUntilWatching();
        sender.Send(6);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        CommandConventionTests.AssertMatchesTheDoc(watch.Stdout, ["drop", "loss"]);
        JsonElement[] records = watch.Stdout.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(6, records.Count(r => r.GetProperty("type").GetString() == "drop"));
        JsonElement loss = records[^1];
        Assert.Equal("loss", loss.GetProperty("type").GetString());
        Assert.True(loss.GetProperty("final").GetBoolean());
        Assert.Equal(0, loss.GetProperty("lost_total").GetInt64());
        Assert.Equal("tracepoint", loss.GetProperty("source").GetString());
    }

    [LiveKernelFact]
    public void A_filter_on_a_field_the_source_lacks_is_a_warning_naming_the_source_that_has_it()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--source", "tracepoint", "--filter", "dport == 53 && reason == NO_SOCKET",
            "--write", Path.Combine(_directory, "drops.pcapng"), "--duration", "300ms");
        using (run)
        {
            Assert.True(exit == 0, run.Transcript);
            Assert.Contains("Warning: --filter: tracepoint does not provide the field 'dport', so no drop will match a test of it; --source netdm or --source bpf provides it.", run.Stderr);
            Assert.Contains("Warning: --write: tracepoint gives no packet bytes, so the file holds only each drop's reason, function and protocol; --source netdm or --source bpf provides it.", run.Stderr);
            Assert.DoesNotContain(run.Stderr, l => l.Contains("'reason'", StringComparison.Ordinal));
        }
    }

    [LiveKernelFact]
    public void Under_strict_a_filter_on_a_field_the_source_lacks_is_refused()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--source", "tracepoint", "--filter", "iface == eth0", "--strict", "--duration", "5s");
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Contains("netdrop watch: --filter: tracepoint does not provide the field 'iface', so no drop will match a test of it; --source netdm or --source bpf provides it (refused under --strict)", run.Stderr);
            Assert.Empty(run.Stdout);
        }
    }

    [LiveKernelFact]
    public void A_kernel_filter_by_reason_name_is_translated_echoed_and_in_the_totals()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        string written = "reason == NO_SOCKET && " + sender.KernelFilter;
        using NetdropProcess watch = NetdropProcess.Start("watch", "--json", "--kernel-filter", written, "-c", "3");
        watch.WaitUntilWatching();
        sender.Send(3);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        string echo = Assert.Single(watch.Stderr, l => l.StartsWith("Kernel filter: ", StringComparison.Ordinal));
        Assert.Matches($@"^Kernel filter: {Regex.Escape(written)} \(as the kernel reads it: reason == \d+ && {Regex.Escape(sender.KernelFilter)}\)$", echo);
        Assert.Contains(watch.Stderr, l => l.StartsWith("Drops seen: 3 from the skb:kfree_skb tracepoint (kernel filter: " + written, StringComparison.Ordinal)
            && l.EndsWith("; no --filter.", StringComparison.Ordinal));
        Assert.All(watch.Stdout.Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.GetProperty("type").GetString() == "drop"),
            d => Assert.Equal("NO_SOCKET", d.GetProperty("reason").GetString()));
    }

    [LiveKernelFact]
    public void Durations_with_units_stop_the_run_on_time()
    {
        var clock = Stopwatch.StartNew();
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--json", "--kernel-filter", "common_pid == 1", "--duration", "500ms");
        using (run)
        {
            Assert.True(exit == 0, run.Transcript);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 20);
            Assert.Contains(run.Stderr, l => Regex.IsMatch(l, @"^Stopped after 0\.[5-9] s \(--duration 0\.5 s\)\.$") || Regex.IsMatch(l, @"^Stopped after [1-9]\.\d s \(--duration 0\.5 s\)\.$"));
        }
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("no " + what + " within 30 s");
            }

            Thread.Sleep(50);
        }
    }
}
