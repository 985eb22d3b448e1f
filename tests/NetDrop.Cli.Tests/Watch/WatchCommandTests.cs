using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using NetDrop.Tracing;

using NetDrop.Tests.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Watch;

/// <summary>`netdrop watch` end to end: the real binary, its arguments, and drops caused in a namespace of the test's own.</summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed partial class WatchCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void Help_describes_the_options_with_examples()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--help");
        using (run)
        {
            string help = string.Join('\n', run.Stdout);

            Assert.Equal(0, exit);
            foreach (string option in new[] { "--source", "--mode", "--json", "--filter", "--kernel-filter", "--duration", "--count", "--interval", "--write" })
            {
                Assert.Contains(option, help);
            }

            Assert.Contains("Examples:", help);
            Assert.Contains("netdrop watch --mode packet --filter 'reason == NO_SOCKET && proto == udp'", help);
            Assert.Contains("Exit codes: 0 when stopped (Ctrl-C included), 1 when the source cannot be used", help);
        }
    }

    [Theory]
    [InlineData("netdrop watch: --count must be 1 or more, not 0", "--count", "0")]
    [InlineData("netdrop watch: Cannot parse argument 'many' for option '--count' as expected type 'System.Int64'.", "--count", "many")]
    [InlineData("netdrop watch: --duration: '-1' is not a duration; write a number with ms, s, m or h (500ms, 5s, 2m, 1h), or a bare number of seconds", "--duration", "-1")]
    [InlineData("netdrop watch: --duration must be above 0, e.g. 500ms, 10s or 5m", "--duration", "0ms")]
    [InlineData("netdrop watch: --interval must be at least 100ms, not 10ms", "--interval", "0.01")]
    [InlineData("netdrop watch: --kernel-filter: this kernel has no drop reason 'NO_SOKET'; did you mean NO_SOCKET?", "--kernel-filter", "reason == NO_SOKET")]
    [InlineData("netdrop watch: --buffer-size must be a size from 64KiB to 1GiB such as 16MiB or 4096KiB, not '2TiB'", "--buffer-size", "2TiB")]
    [InlineData("netdrop watch: --mode must be table or packet, not 'lines'", "--mode", "lines")]
    [InlineData("netdrop watch: --source must be auto, bpf, netdm or tracepoint, not 'kprobe'", "--source", "kprobe")]
    [InlineData("netdrop watch: --json writes one object per drop; it cannot be combined with --mode table", "--json", "--mode", "table")]
    [InlineData("netdrop watch: unknown option '--pcap'", "--pcap", "x.pcapng")]
    [InlineData("netdrop watch: unexpected argument '==' (quote a --filter expression as one argument)", "--filter", "reason", "==", "NO_SOCKET")]
    [InlineData("netdrop watch: Required argument missing for option: '--filter'.", "--filter")]
    [InlineData("netdrop watch: --kernel-filter needs an expression", "--kernel-filter", " ")]
    [InlineData("netdrop watch: --netns needs the BPF source (--source bpf or auto): NET_DM and the tracepoint do not say which namespace a drop was in", "--netns", "1", "--source", "tracepoint")]
    [InlineData("netdrop watch: --netns: '..' is not a network namespace name: give a name as 'ip netns list' shows it, a path, or an inode", "--netns", "..")]
    [InlineData("netdrop watch: --iface: 'a b' is not an interface name (1 to 15 characters, no '/', ':' or spaces)", "--iface", "a b")]
    [InlineData("netdrop watch: --stack needs the BPF source (--source bpf or auto): NET_DM and the tracepoint carry no stack", "--stack", "--source", "netdm")]
    public void Bad_arguments_are_one_clear_line_and_exit_2(string message, params string[] arguments)
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, ["watch", .. arguments]);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal(message, run.Stderr[0]);
            Assert.Equal("Run 'netdrop watch --help' for the options and examples.", run.Stderr[^1]);
            Assert.Empty(run.Stdout);
        }
    }

    [Fact]
    public void A_bad_filter_shows_the_column_with_a_caret_and_exits_2()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--filter", "reason == NO_SOCKET && dport ==");
        using (run)
        {
            Assert.Equal(2, exit);
            Assert.Equal(
                [
                    "--filter: at column 32: expected a value after '==', found end of expression",
                    "  reason == NO_SOCKET && dport ==",
                    "                                 ^",
                    "Run 'netdrop watch --help' for the options and examples.",
                ],
                run.Stderr);
        }
    }

    [Fact]
    public void An_unknown_reason_lists_near_matches_and_exits_2()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--filter", "reason == NETFILTER_DORP");
        using (run)
        {
            Assert.Equal(2, exit);
            Assert.StartsWith("--filter: at column 11: unknown drop reason 'NETFILTER_DORP'; did you mean NETFILTER_DROP?", run.Stderr[0]);
        }
    }

    [LiveKernelFact]
    public void A_source_that_cannot_be_used_is_one_line_and_exit_1()
    {
        // Kernels without NET_DM (this machine's 6.18 build) must say so in one line; where the family
        // exists, the same command must use it.
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--source", "netdm", "--duration", "1");
        using (run)
        {
            if (exit == 0)
            {
                Assert.StartsWith("Source: NET_DM (generic netlink family ", run.Stderr[0]);
                return;
            }

            Assert.True(exit == 1, run.Transcript);
            Assert.Single(run.Stderr);
            Assert.StartsWith("netdrop watch: this kernel has no NET_DM", run.Stderr[0]);
            Assert.Empty(run.Stdout);
        }
    }

    [LiveKernelFact]
    public void A_kernel_filter_the_kernel_rejects_exits_2_and_leaves_no_instance()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--source", "tracepoint", "--kernel-filter", "no_such_field == 1", "--duration", "1");
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.StartsWith("netdrop watch: --kernel-filter: ", run.Stderr[0]);
            Assert.Contains("rejected the filter 'no_such_field == 1'", run.Stderr[0]);
            Assert.False(Directory.Exists(TracefsInstances.InstancePath(run.Pid)));
        }
    }

    [LiveKernelFact]
    public void Json_lines_describe_exactly_the_drops_the_test_caused()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using var ipv6 = new BurstSender(ns, "::1", 9);
        string kernelFilter = $"common_pid == {sender.Pid} || common_pid == {ipv6.Pid}";
        using NetdropProcess watch = NetdropProcess.Start("watch", "--json", "--kernel-filter", kernelFilter, "--filter", "reason == NO_SOCKET", "--count", "20");
        watch.WaitUntilWatching();
        long before = UnixNanoseconds();

        sender.Send(12);
        ipv6.Send(8);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        long after = UnixNanoseconds();
        JsonElement[] drops = watch.Stdout.Select(line => JsonDocument.Parse(line).RootElement).Where(r => r.GetProperty("type").GetString() == "drop").ToArray();
        Assert.Equal(20, drops.Length);
        Assert.Equal(12, drops.Count(d => d.GetProperty("protocol").GetString() == "0x0800"));
        Assert.Equal(8, drops.Count(d => d.GetProperty("protocol").GetString() == "0x86dd"));
        foreach (JsonElement drop in drops)
        {
            Assert.Equal("NO_SOCKET", drop.GetProperty("reason").GetString());
            Assert.Equal("tracepoint", drop.GetProperty("source").GetString());
            Assert.Equal(0, drop.GetProperty("subsystem").GetInt32());
            bool v4 = drop.GetProperty("protocol").GetString() == "0x0800";
            Assert.Equal(v4 ? "ipv4" : "ipv6", drop.GetProperty("ethertype").GetString());
            Assert.Equal(v4 ? "__udp4_lib_rcv" : "__udp6_lib_rcv", drop.GetProperty("function").GetString());
            Assert.StartsWith(drop.GetProperty("function").GetString() + "+0x", drop.GetProperty("symbol").GetString());
            Assert.False(drop.TryGetProperty("location", out _), "no raw kernel address without --kernel-addresses");

            // RFC 3339 with nanoseconds, the same instant as time_ns, within the test's window.
            long nanoseconds = long.Parse(drop.GetProperty("time_ns").GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(nanoseconds, before - 1_000_000_000, after + 1_000_000_000);
            string time = drop.GetProperty("time").GetString()!;
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$", time);
            Assert.Equal(nanoseconds % 1_000_000_000, long.Parse(time[20..29], CultureInfo.InvariantCulture));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(nanoseconds / 1_000_000).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), time[..19]);

            // The tracepoint carries no payload and no interface: those fields are left out, not faked.
            Assert.False(drop.TryGetProperty("src", out _));
            Assert.False(drop.TryGetProperty("iface", out _));
        }

        // Messages and totals went to stderr, so stdout is JSON only.
        Assert.Contains(watch.Stderr, l => l.StartsWith("Stopped after ", StringComparison.Ordinal) && l.EndsWith("(--count 20 reached).", StringComparison.Ordinal));
        Assert.Contains($"Drops seen: 20 from the skb:kfree_skb tracepoint (kernel filter: {kernelFilter}); matched the filter: 20.", watch.Stderr);
        Assert.Contains(watch.Stderr, l => l.StartsWith("Lost by the source: 0 ", StringComparison.Ordinal));
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(watch.Pid)));
    }

    [LiveKernelFact]
    public void With_otlp_the_counts_of_the_matching_drops_reach_the_collector()
    {
        using var receiver = new NetDrop.Tests.Metrics.OtlpReceiver();
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using var ipv6 = new BurstSender(ns, "::1", 9);
        using NetdropProcess watch = NetdropProcess.Start("watch", "--mode", "packet", "--kernel-filter", $"common_pid == {sender.Pid} || common_pid == {ipv6.Pid}",
            "--filter", "ethertype == ipv4", "--count", "9", "--otlp", receiver.Endpoint.ToString());
        watch.WaitUntilWatching();
        ipv6.Send(4);
        Thread.Sleep(300);
        sender.Send(9);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        Assert.Empty(receiver.Problems);

        // Only what passed --filter is counted: the 9 IPv4 drops, not the 4 IPv6 ones.
        var drops = receiver.Latest.Where(p => p.Metric == "netdrop.drops").ToList();
        var point = Assert.Single(drops);
        Assert.Equal(9, point.Value);
        Assert.Equal("NO_SOCKET", point.Label("reason"));
        Assert.Equal("__udp4_lib_rcv", point.Label("function"));
        Assert.Equal("tracepoint", point.Label("source"));
    }

    [LiveKernelFact]
    public void Count_stops_after_that_many_matching_drops_and_the_filter_counts_what_it_skipped()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using var ipv6 = new BurstSender(ns, "::1", 9);
        using NetdropProcess watch = NetdropProcess.Start("watch", "--mode", "packet", "--kernel-filter", $"common_pid == {sender.Pid} || common_pid == {ipv6.Pid}",
            "--filter", "ethertype == ipv6", "--count", "5");
        watch.WaitUntilWatching();

        // 10 IPv4 drops the filter skips, then 30 IPv6 drops of which the first 5 end the run.
        sender.Send(10);
        Thread.Sleep(300);
        ipv6.Send(30);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        string[] packets = watch.Stdout.Where(l => PacketLine().IsMatch(l)).ToArray();
        Assert.Equal(5, packets.Length);
        // The tracepoint gives the CPU and the sending thread; its process and name come from /proc.
        Assert.All(packets, l => Assert.Matches(@" NO_SOCKET __udp6_lib_rcv - IPv6 \| cpu=\d+ pid=" + ipv6.Pid + " comm=bash$", l));
        Assert.Contains(watch.Stderr, l => l.EndsWith("(--count 5 reached).", StringComparison.Ordinal));
        Match seen = Regex.Match(string.Join('\n', watch.Stderr), @"Drops seen: (\d+) from the skb:kfree_skb tracepoint \(kernel filter: [^)]+\); matched the filter: 5\.");
        Assert.True(seen.Success, watch.Transcript);
        Assert.InRange(int.Parse(seen.Groups[1].Value, CultureInfo.InvariantCulture), 15, 40);
    }

    [LiveKernelFact]
    public void Duration_stops_on_time_with_the_table_and_totals()
    {
        var clock = Stopwatch.StartNew();
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--source", "tracepoint", "--kernel-filter", "common_pid == 1", "--duration", "1.5");
        using (run)
        {
            Assert.True(exit == 0, run.Transcript);
            Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 15);
            Assert.Contains(run.Stdout, l => Regex.IsMatch(l, @"^\s*reason\s+function\s+iface\s+drops\s+/s last 5 s\s+/s average\s*$"));
            Assert.Contains(run.Stderr, l => Regex.IsMatch(l, @"^Stopped after 1\.[5-9] s \(--duration 1\.5 s\)\.$") || Regex.IsMatch(l, @"^Stopped after [2-9]\.\d s \(--duration 1\.5 s\)\.$"));
            Assert.Contains("Drops seen: 0 from the skb:kfree_skb tracepoint (kernel filter: common_pid == 1); no --filter.", run.Stderr);
            Assert.False(Directory.Exists(TracefsInstances.InstancePath(run.Pid)));
        }
    }

    [LiveKernelFact]
    public void Sigint_stops_cleanly_prints_the_table_and_removes_the_tracefs_instance()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using NetdropProcess watch = NetdropProcess.Start("watch", "--kernel-filter", sender.KernelFilter);
        watch.WaitUntilWatching();
        Assert.True(Directory.Exists(TracefsInstances.InstancePath(watch.Pid)), "the running watch has its tracefs instance");

        sender.Send(17);
        Thread.Sleep(500);
        watch.Signal("INT");

        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(20)) == 0, watch.Transcript);
        Assert.Contains(watch.Stdout, l => Regex.IsMatch(l, @"^\s*NO_SOCKET\s+__udp4_lib_rcv\s+-\s+17\s+[\d.]+\s+[\d.]+\s*$"));
        Assert.Contains(watch.Stderr, l => l.StartsWith("Stopped after ", StringComparison.Ordinal) && l.EndsWith("(interrupted).", StringComparison.Ordinal));
        Assert.Contains($"Drops seen: 17 from the skb:kfree_skb tracepoint (kernel filter: {sender.KernelFilter}); no --filter.", watch.Stderr);
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(watch.Pid)), "the instance is removed");
    }

    [LiveKernelFact]
    public void Sigterm_stops_as_cleanly_as_ctrl_c()
    {
        using NetdropProcess watch = NetdropProcess.Start("watch", "--json", "--kernel-filter", "common_pid == 1");
        watch.WaitUntilWatching();
        Assert.True(Directory.Exists(TracefsInstances.InstancePath(watch.Pid)));

        watch.Signal("TERM");

        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(20)) == 0, watch.Transcript);
        Assert.Contains(watch.Stderr, l => l.EndsWith("(interrupted).", StringComparison.Ordinal));
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(watch.Pid)));
    }

    private static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z ")]
    private static partial Regex PacketLine();
}
