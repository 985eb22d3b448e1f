using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetDrop.Tests.Tracing;
using NetDrop.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Tracing;

/// <summary>
/// Drops caused in namespaces of the test's own, seen through the skb:kfree_skb source on this
/// machine's kernel: exactly the drops the test caused, with the reasons the kernel gives them.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class KfreeSkbLiveTests
{
    private const int Count = 37;

    [LiveKernelFact]
    public void Udp_to_a_closed_port_is_NO_SOCKET()
    {
        using var ns = new NetworkNamespace();
        List<CollectedDrop> drops = CauseDrops(ns, "127.0.0.1", 9, Count, out KernelDropReasons reasons);

        Assert.Equal(Count, drops.Count);
        Assert.All(drops, drop => Assert.Equal(DropReason.NoSocket, reasons.Reason(drop.Reason!.Value)));
        Assert.All(drops, drop => Assert.Equal(0x0800, drop.Protocol));
    }

    [LiveKernelFact]
    public void Udp_over_ipv6_to_a_closed_port_is_NO_SOCKET()
    {
        using var ns = new NetworkNamespace();
        List<CollectedDrop> drops = CauseDrops(ns, "::1", 9, Count, out KernelDropReasons reasons);

        Assert.Equal(Count, drops.Count);
        Assert.All(drops, drop => Assert.Equal(DropReason.NoSocket, reasons.Reason(drop.Reason!.Value)));
        Assert.All(drops, drop => Assert.Equal(0x86dd, drop.Protocol));
    }

    [LiveKernelFact("nft")]
    public void An_nft_rule_dropping_a_port_is_NETFILTER_DROP()
    {
        using var ns = new NetworkNamespace();
        ns.Exec("nft", "add table inet netdrop_test");
        ns.Exec("nft", "add chain inet netdrop_test input { type filter hook input priority 0 ; }");
        ns.Exec("nft", "add rule inet netdrop_test input udp dport 7777 drop");
        List<CollectedDrop> drops = CauseDrops(ns, "127.0.0.1", 7777, Count, out KernelDropReasons reasons);

        Assert.Equal(Count, drops.Count);
        Assert.All(drops, drop => Assert.Equal(DropReason.NetfilterDrop, reasons.Reason(drop.Reason!.Value)));
    }

    [LiveKernelFact]
    public void A_tc_ingress_drop_on_a_veth_is_TC_INGRESS()
    {
        using var sender = new NetworkNamespace();
        using var receiver = new NetworkNamespace();
        string mac = ConnectVeth(sender, receiver);
        receiver.Exec("tc", "qdisc", "add", "dev", "ndtb", "ingress");

        // A one-instruction classic BPF program in direct-action mode returning TC_ACT_SHOT (2):
        // it needs no action module (act_gact, which "action drop" loads, is missing on some kernels).
        receiver.Exec("tc", "filter", "add", "dev", "ndtb", "ingress", "bpf", "da", "bytecode", "1,6 0 0 2");

        // A permanent neighbour entry: no ARP exchange, whose packets the tc rule would drop too.
        sender.Exec("ip", "neigh", "add", "10.213.0.2", "lladdr", mac, "dev", "ndta", "nud", "permanent");
        List<CollectedDrop> drops = CauseDrops(sender, "10.213.0.2", 9, Count, out KernelDropReasons reasons);

        Assert.Equal(Count, drops.Count);
        Assert.All(drops, drop => Assert.Equal(DropReason.TcIngress, reasons.Reason(drop.Reason!.Value)));
    }

    [LiveKernelFact]
    public void Frames_for_another_mac_address_are_OTHERHOST()
    {
        using var sender = new NetworkNamespace();
        using var receiver = new NetworkNamespace();
        ConnectVeth(sender, receiver);

        // The receiver's veth is not promiscuous, so frames to a MAC that is not its own are another host's.
        sender.Exec("ip", "neigh", "add", "10.213.0.2", "lladdr", "02:00:00:00:d0:99", "dev", "ndta", "nud", "permanent");
        List<CollectedDrop> drops = CauseDrops(sender, "10.213.0.2", 9, Count, out KernelDropReasons reasons);

        Assert.Equal(Count, drops.Count);
        Assert.All(drops, drop => Assert.Equal(DropReason.Otherhost, reasons.Reason(drop.Reason!.Value)));
    }

    [LiveKernelFact]
    public void A_killed_monitors_instance_is_removed_by_the_next_one_and_ours_on_dispose()
    {
        string tracefs = Tracefs.Locate();
        int deadPid = DeadPid();
        string stale = Path.Combine(tracefs, "instances", TracefsInstance.NamePrefix + deadPid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(stale);

        string ours;
        using (KfreeSkbSource source = KfreeSkbSource.Open())
        {
            ours = source.InstancePath;
            Assert.Contains(stale, source.RemovedStaleInstances);
            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(ours));
        }

        Assert.False(Directory.Exists(ours));
    }

    [LiveKernelFact]
    public void A_signal_that_ends_the_process_removes_the_instance_under_a_running_reader()
    {
        using KfreeSkbSource source = KfreeSkbSource.Open(new KfreeSkbOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        string instance = source.InstancePath;
        Exception? readerError = null;
        using var started = new System.Threading.ManualResetEventSlim();
        var reader = new System.Threading.Thread(() =>
        {
            try
            {
                var collector = new DropCollector();
                started.Set();
                var clock = Stopwatch.StartNew();
                while (!source.IsReleased && clock.Elapsed < TimeSpan.FromSeconds(10))
                {
                    source.Wait();
                    source.ReadAvailable(ref collector);
                }

                // After the release, reads and waits behave as if nothing came: no exception, no spin.
                source.Wait();
                Assert.Equal(0, source.ReadAvailable(ref collector));
            }
            catch (Exception exception)
            {
                readerError = exception;
            }
        });
        reader.Start();
        started.Wait();

        // A SIGTERM nobody cancelled: the process is about to end.
        source.Termination!.OnSignal(new System.Runtime.InteropServices.PosixSignalContext(System.Runtime.InteropServices.PosixSignal.SIGTERM));
        Assert.True(reader.Join(TimeSpan.FromSeconds(15)));

        Assert.Null(readerError);
        Assert.True(source.IsReleased);
        Assert.False(Directory.Exists(instance));
    }

    [LiveKernelFact]
    public void A_signal_the_application_cancels_only_stops_recording_so_it_can_drain()
    {
        using var ns = new NetworkNamespace();
        using var sender = new DropSender(ns, "127.0.0.1", 9, Count);
        using KfreeSkbSource source = KfreeSkbSource.Open(new KfreeSkbOptions
        {
            Filter = "common_pid == " + sender.Pid.ToString(CultureInfo.InvariantCulture),
            BufferSizeKilobytes = 256,
        });
        sender.Go();

        // The application's own handler ran first and cancelled the signal to shut down gracefully.
        source.Termination!.OnSignal(new System.Runtime.InteropServices.PosixSignalContext(System.Runtime.InteropServices.PosixSignal.SIGINT) { Cancel = true });

        Assert.False(source.IsReleased);
        Assert.Equal("0", File.ReadAllText(Path.Combine(source.InstancePath, "events/skb/kfree_skb/enable")).Trim());
        var collector = new DropCollector();
        source.StopAndDrain(ref collector);
        Assert.Equal(Count, collector.Drops.Count);
    }

    [LiveKernelFact]
    public void A_filter_the_kernel_rejects_is_a_clear_error_and_leaves_nothing_behind()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => KfreeSkbSource.Open(new KfreeSkbOptions { Filter = "no_such_field == 1" }));
        Assert.Contains("rejected the filter 'no_such_field == 1'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(Environment.ProcessId)));
    }

    [LiveKernelFact]
    public void A_tracefs_without_the_event_is_a_clear_error()
    {
        string empty = Directory.CreateTempSubdirectory("netdrop-notracefs-").FullName;
        try
        {
            TracefsUnavailableException error = Assert.Throws<TracefsUnavailableException>(() => KfreeSkbSource.Open(new KfreeSkbOptions { TracefsPath = empty }));
            Assert.Contains("no skb:kfree_skb tracepoint", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    /// <summary>Sends datagrams from a process of its own and collects the kfree_skb records whose common_pid is that process.</summary>
    private static List<CollectedDrop> CauseDrops(NetworkNamespace ns, string address, int port, int count, out KernelDropReasons reasons)
    {
        using var sender = new DropSender(ns, address, port, count);
        using KfreeSkbSource source = KfreeSkbSource.Open(new KfreeSkbOptions
        {
            Filter = "common_pid == " + sender.Pid.ToString(CultureInfo.InvariantCulture),
            BufferSizeKilobytes = 256,
        });
        reasons = source.Reasons;
        sender.Go();

        // Drops are recorded synchronously in the sender's context; a short bounded wait covers the reader.
        var collector = new DropCollector();
        var clock = Stopwatch.StartNew();
        while (collector.Drops.Count < count && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            source.Wait();
            source.ReadAvailable(ref collector);
        }

        source.StopAndDrain(ref collector);
        Assert.Equal(0, source.LostEvents);
        Assert.Equal(0, source.ReadKernelLossCounters());
        return collector.Drops;
    }

    /// <summary>A veth pair ndta (10.213.0.1, sender) — ndtb (10.213.0.2, receiver); returns the receiver's MAC.</summary>
    private static string ConnectVeth(NetworkNamespace sender, NetworkNamespace receiver)
    {
        sender.Exec("ip", "link", "add", "ndta", "type", "veth", "peer", "name", "ndtb", "netns", receiver.Name);
        sender.Exec("ip", "addr", "add", "10.213.0.1/30", "dev", "ndta");
        sender.Exec("ip", "link", "set", "ndta", "up");
        receiver.Exec("ip", "addr", "add", "10.213.0.2/30", "dev", "ndtb");
        receiver.Exec("ip", "link", "set", "ndtb", "up");
        return receiver.Exec("cat", "/sys/class/net/ndtb/address").Trim();
    }

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
