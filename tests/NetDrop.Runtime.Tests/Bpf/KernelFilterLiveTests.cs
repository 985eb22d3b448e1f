using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using NetDrop.Bpf;
using NetDrop.Bpf.Filter;
using NetDrop.Tests.LiveKernel;
using NetDrop.Tracing;
using Xunit.Abstractions;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// The kernel filter on this machine's kernel: for each field, the drops a filtered program records
/// are exactly those the C# model of the program keeps among the drops an unfiltered program (on the
/// same namespaces) records, with the same verdicts; and the load test, 200,000 drops that do
/// not match and 100 that do, of which 100 are delivered and the reader's CPU is a small fraction of
/// an unfiltered run's.
/// </summary>
[Collection(nameof(LiveKernelCollection))]
public sealed partial class KernelFilterLiveTests
{
    private const string VethA = "ndkfa";
    private const string VethB = "ndkfb";

    private readonly ITestOutputHelper _output;

    public KernelFilterLiveTests(ITestOutputHelper output) => _output = output;

    [LiveKernelFact]
    public void Each_field_keeps_exactly_the_drops_that_match()
    {
        using var a = new NetworkNamespace();
        using var b = new NetworkNamespace();
        a.Exec("ip", "link", "add", VethA, "type", "veth", "peer", "name", VethB, "netns", b.Name);
        a.Exec("ip", "addr", "add", "10.231.0.1/30", "dev", VethA);
        a.Exec("ip", "link", "set", VethA, "up");
        b.Exec("ip", "addr", "add", "10.231.0.2/30", "dev", VethB);
        b.Exec("ip", "link", "set", VethB, "up");
        string mac = b.Exec("cat", $"/sys/class/net/{VethB}/address").Trim();
        a.Exec("ip", "neigh", "add", "10.231.0.2", "lladdr", mac, "dev", VethA, "nud", "permanent");
        b.Exec("nft", "add table inet ndkf");
        b.Exec("nft", "add chain inet ndkf pre { type filter hook prerouting priority 0 ; }");
        b.Exec("nft", "add rule inet ndkf pre udp dport 10 meta mark set 0x2a");
        b.Exec("nft", "add chain inet ndkf out { type filter hook output priority 0 ; }");
        b.Exec("nft", "add rule inet ndkf out udp dport 7779 drop");
        uint inodeA = a.Inode;
        uint inodeB = b.Inode;
        uint vethB = uint.Parse(b.Exec("cat", $"/sys/class/net/{VethB}/ifindex").Trim(), CultureInfo.InvariantCulture);
        KernelDropReasons reasons = KernelDropReasons.Read(Tracefs.Locate());
        uint noSocket = reasons.Entries.Single(e => e.Name == "NO_SOCKET").Number;

        KernelFilterNode ours = new KernelNumberTest(KernelFilterField.NamespaceInode, KernelComparison.In, [inodeA, inodeB]);
        var filters = new (string Name, KernelFilterNode Test)[]
        {
            ("reason", new KernelNumberTest(KernelFilterField.Reason, KernelComparison.Equal, [noSocket])),
            ("ifindex", new KernelNumberTest(KernelFilterField.InterfaceIndex, KernelComparison.Equal, [vethB])),
            ("netns", new KernelNumberTest(KernelFilterField.NamespaceInode, KernelComparison.Equal, [inodeA])),
            ("mark", new KernelNumberTest(KernelFilterField.Mark, KernelComparison.Equal, [0x2a])),
            ("ethertype", new KernelNumberTest(KernelFilterField.EtherType, KernelComparison.Equal, [0x86dd])),
            ("proto and dport", new KernelAnd([new KernelNumberTest(KernelFilterField.IpProtocol, KernelComparison.Equal, [17]), new KernelNumberTest(KernelFilterField.DestinationPort, KernelComparison.In, [10, 7779])])),
            ("sport and dport", new KernelAnd([new KernelNumberTest(KernelFilterField.SourcePort, KernelComparison.GreaterOrEqual, [1024]), new KernelNumberTest(KernelFilterField.DestinationPort, KernelComparison.NotEqual, [9])])),
            ("src prefix", new KernelAddressTest(false, false, [new KernelPrefix(4, 0x0ae70000, 24)])),
            ("dst ::1", new KernelAddressTest(true, false, [new KernelPrefix(6, UInt128.One, 128)])),
            ("or and not", new KernelOr([new KernelNot(new KernelAddressTest(true, false, [new KernelPrefix(4, 0x7f000000, 8)])), new KernelNumberTest(KernelFilterField.Mark, KernelComparison.Equal, [0x2a])])),
        };

        var sources = new List<(string Name, KernelFilter Filter, BpfDropSource Source)>();
        try
        {
            BpfDropSource reference = BpfDropSource.Open(new BpfDropSourceOptions { Filter = new KernelFilter(ours) });
            sources.Add(("reference", new KernelFilter(ours), reference));
            foreach ((string name, KernelFilterNode test) in filters)
            {
                var filter = new KernelFilter(new KernelAnd([ours, test]));
                sources.Add((name, filter, BpfDropSource.Open(new BpfDropSourceOptions { Filter = filter })));
            }

            // Only drops while every program was attached are compared: the namespaces have drops of their own (IPv6 set-up) at any time.
            long attached = Stopwatch.GetTimestamp();

            // Drops of every kind: across the veth into b (NO_SOCKET on ndkfb), on a's and b's loopback,
            // marked by b's prerouting rule (port 10), over IPv6, and dropped by b's output rule (NETFILTER_DROP).
            // (The output rule makes each send fail with EPERM, hence the true.)
            const string Sends = "for i in 1 2 3 4 5; do echo x 2>/dev/null > /dev/udp/{0}/{1}; done; true";
            a.Exec("bash", "-c", string.Format(CultureInfo.InvariantCulture, Sends, "10.231.0.2", 9));
            a.Exec("bash", "-c", string.Format(CultureInfo.InvariantCulture, Sends, "127.0.0.1", 9));
            b.Exec("bash", "-c", string.Format(CultureInfo.InvariantCulture, Sends, "127.0.0.1", 10));
            b.Exec("bash", "-c", string.Format(CultureInfo.InvariantCulture, Sends, "::1", 9));
            b.Exec("bash", "-c", string.Format(CultureInfo.InvariantCulture, Sends, "127.0.0.1", 7779));

            long detaching = Stopwatch.GetTimestamp();
            var seen = new Dictionary<string, List<Seen>>();
            foreach ((string name, _, BpfDropSource source) in sources)
            {
                var collector = new ModelCollector();
                source.StopAndDrain(ref collector);
                seen[name] = collector.Drops.Where(d => (long)d.Time > Nanoseconds(attached) && (long)d.Time < Nanoseconds(detaching)).ToList();
            }

            List<Seen> all = seen["reference"];
            Assert.True(all.Count >= 25, $"the unfiltered program saw {all.Count} of the 25 drops caused");
            foreach ((string name, KernelFilter filter, BpfDropSource source) in sources.Skip(1))
            {
                var expected = all.Select(d => (d.Key, Verdict: filter.Evaluate(d.Input))).Where(d => d.Verdict != KernelFilterVerdict.Rejected).ToList();
                List<Seen> delivered = seen[name];
                Assert.True(expected.Count > 0 && expected.Count < all.Count, $"'{name}' keeps {expected.Count} of {all.Count}: not a test of the field");
                // Drops on different CPUs may reach two rings in different orders: compared as sorted lists.
                Assert.Equal(expected.Select(d => (d.Key, d.Verdict == KernelFilterVerdict.Passed)).Order(), delivered.Select(d => (d.Key, d.Passed)).Order());
                Assert.True(source.ReadKernelDelivered() >= expected.Count);
            }
        }
        finally
        {
            sources.ForEach(s => s.Source.Dispose());
        }
    }

    [LiveKernelFact]
    public void Of_200000_drops_that_do_not_match_and_100_that_do_100_are_delivered_for_a_fraction_of_the_reader_s_cpu()
    {
        using var ns = new NetworkNamespace();
        uint inode = ns.Inode;
        KernelFilterNode inNamespace = new KernelNumberTest(KernelFilterField.NamespaceInode, KernelComparison.Equal, [inode]);
        var matching = new KernelFilter(new KernelAnd([inNamespace, new KernelNumberTest(KernelFilterField.DestinationPort, KernelComparison.Equal, [10])]));

        Run filtered = Measure(ns, matching);
        Run unfiltered = Measure(ns, new KernelFilter(inNamespace));

        _output.WriteLine($"filtered: {filtered}; unfiltered: {unfiltered}");
        Assert.Equal(100, filtered.Read);
        Assert.Equal(100, filtered.Delivered);
        Assert.Equal(0, filtered.Lost);
        Assert.True(filtered.FilteredOut >= 200_000, $"the kernel kept out {filtered.FilteredOut} drops");
        Assert.True(unfiltered.Read + unfiltered.Lost >= 200_100, $"the unfiltered run read {unfiltered.Read} and lost {unfiltered.Lost}");
        Assert.True(unfiltered.ReaderCpu >= TimeSpan.FromMilliseconds(50), $"the unfiltered reader used {unfiltered.ReaderCpu.TotalMilliseconds} ms: too little to compare with");
        // What the filtered reader spends is its fixed cost of waking over the run (a poll at least every
        // 100 ms), which no filter saves; what the kernel filter saves is the per-drop cost, 200,000 times.
        // A fifth separates "pays per drop" (a ratio near 1) from "does not" with room for a loaded machine:
        // measured 1/22 on a quiet one, 1/9 under a CI run with other work beside it.
        Assert.True(filtered.ReaderCpu * 5 <= unfiltered.ReaderCpu,
            $"the reader used {filtered.ReaderCpu.TotalMilliseconds} ms filtered and {unfiltered.ReaderCpu.TotalMilliseconds} ms unfiltered");
    }

    /// <summary>Sends 200,000 datagrams to a closed port and 100 to another, from a thread in <paramref name="ns"/>, while a thread of its own reads the source.</summary>
    private static Run Measure(NetworkNamespace ns, KernelFilter filter)
    {
        using BpfDropSource source = BpfDropSource.Open(new BpfDropSourceOptions { Filter = filter, RingBufferSize = 64 << 20 });
        KernelDropReasons reasons = source.Reasons;
        int read = 0;
        TimeSpan cpu = TimeSpan.Zero;
        using var sent = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            // The clock starts once the first records are read: compiling the read path on first use costs
            // both runs the same few milliseconds, which is not what the kernel filter saves.
            TimeSpan? start = null;
            var events = new List<DropEvent>();
            var collector = new BpfDropSource.EventCollector(events, source, null);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                bool done = sent.IsSet;
                source.Wait(200);
                read += source.ReadAvailable(ref collector);
                events.Clear();
                start ??= read > 0 ? ThreadCpu() : null;
                if (done)
                {
                    read += source.StopAndDrain(ref collector);
                    break;
                }
            }

            cpu = ThreadCpu() - (start ?? ThreadCpu());
        });
        reader.Start();
        Thread sender = NamespaceThread.Start(ns, _ =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            byte[] datagram = "drop"u8.ToArray();
            var closed = new IPEndPoint(IPAddress.Loopback, 9);
            var watched = new IPEndPoint(IPAddress.Loopback, 10);
            for (int i = 0; i < 200_000; i++)
            {
                socket.SendTo(datagram, closed);
                if (i % 2_000 == 0)
                {
                    socket.SendTo(datagram, watched);
                }
            }
        }, out Func<Exception?> failure);
        Assert.True(sender.Join(TimeSpan.FromSeconds(60)), "the sender did not finish within 60 s");
        Assert.Null(failure());
        sent.Set();
        Assert.True(reader.Join(TimeSpan.FromSeconds(70)), "the reader did not finish");
        return new Run(read, source.ReadKernelDelivered(), source.ReadKernelFilteredOut(), source.ReadKernelLossCounters(), cpu);
    }

    /// <summary>A Stopwatch timestamp (CLOCK_MONOTONIC on Linux) in the nanoseconds bpf_ktime_get_ns counts.</summary>
    private static long Nanoseconds(long timestamp) => (long)(timestamp * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary>getrusage(RUSAGE_THREAD): the calling thread's user and system time.</summary>
    private static unsafe TimeSpan ThreadCpu()
    {
        long* usage = stackalloc long[18];
        Assert.Equal(0, GetRusage(1, usage));
        return TimeSpan.FromMicroseconds((usage[0] * 1_000_000) + usage[1] + (usage[2] * 1_000_000) + usage[3]);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static unsafe partial int GetRusage(int who, long* usage);

    private readonly record struct Run(int Read, long Delivered, long FilteredOut, long Lost, TimeSpan ReaderCpu);

    private readonly record struct Seen(ulong Time, (ulong Skb, ulong Location, int Tid) Key, KernelFilterInput Input, bool Passed);

    /// <summary>Each record's identity (each program takes its own timestamp), what the model of the program reads from it, and the verdict the program wrote.</summary>
    private struct ModelCollector : IBpfDropHandler
    {
        public ModelCollector()
        {
        }

        public List<Seen> Drops { get; } = new();

        public void OnDrop(in BpfDropRecord record) => Drops.Add(new Seen(
            record.Timestamp,
            (record.SkbAddress, record.Location, record.Tid),
            KernelFilterInput.Read(record.ReasonNumber, (uint)(record.DeviceIndex != 0 ? record.DeviceIndex : record.InputInterface), record.NamespaceInode, record.Mark, record.Protocol, record.Packet),
            record.PassedKernelFilter));
    }
}
