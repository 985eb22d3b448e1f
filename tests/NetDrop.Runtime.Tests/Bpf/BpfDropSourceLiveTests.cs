using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using NetDrop.Bpf;
using NetDrop.Frames;
using NetDrop.Tests.LiveKernel;
using NetDrop.Tests.Tracing;
using NetDrop.Tracing;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// Drops caused in namespaces of the test's own, seen through the BPF source on this machine's kernel:
/// every field exact (reason, addresses and ports from the frame bytes, interface, namespace inode,
/// sender's pid and comm, mark), the same drops through the tracepoint source agreeing on reason,
/// location and count, loss counted when the ring overflows, nothing allocated per drop, and nothing
/// left in the kernel after dispose.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class BpfDropSourceLiveTests
{
    private const int Count = 29;
    private const string SenderVeth = "ndbpfa";
    private const string ReceiverVeth = "ndbpfb";
    private const string SenderAddress = "10.219.0.1";
    private const string ReceiverAddress = "10.219.0.2";

    [LiveKernelFact("nft")]
    public void Udp_to_a_closed_port_across_a_veth_gives_every_field_and_agrees_with_the_tracepoint()
    {
        using var sender = new NetworkNamespace();
        using var receiver = new NetworkNamespace();
        ConnectVeth(sender, receiver);

        // A mark the receiver's netfilter sets on the way in, so the record's mark is not a default 0.
        receiver.Exec("nft", "add table inet ndbpf_mark");
        receiver.Exec("nft", "add chain inet ndbpf_mark pre { type filter hook prerouting priority 0 ; }");
        receiver.Exec("nft", "add rule inet ndbpf_mark pre meta mark set 0x2a");
        int receiverIndex = int.Parse(receiver.Exec("cat", $"/sys/class/net/{ReceiverVeth}/ifindex").Trim(), CultureInfo.InvariantCulture);
        string receiverMac = receiver.Exec("cat", $"/sys/class/net/{ReceiverVeth}/address").Trim();
        uint receiverInode = receiver.Inode;

        (List<DropEvent> bpf, List<CollectedDrop> tracepoint, int pid) = CauseDrops(sender, ReceiverAddress, 9);

        Assert.Equal(Count, bpf.Count);
        Assert.Equal(Count, tracepoint.Count);
        var ports = new HashSet<ushort>();
        for (int i = 0; i < bpf.Count; i++)
        {
            DropEvent drop = bpf[i];
            Assert.Equal(DropReason.NoSocket, drop.Reason);
            Assert.Equal("NO_SOCKET", drop.ReasonName);
            Assert.Equal(DropSource.Bpf, drop.Source);
            Assert.Equal(0x0800, drop.Protocol);
            Assert.Equal(receiverIndex, drop.InterfaceIndex);
            Assert.Equal(ReceiverVeth, drop.InterfaceName);
            Assert.Equal(receiverInode, drop.NetnsInode);
            Assert.Equal(pid, drop.Pid);
            Assert.Equal("bash", drop.Comm);
            Assert.Equal(0x2au, drop.Mark);
            Assert.Null(drop.LocalPort);
            Assert.InRange(drop.Cpu!.Value, 0, Environment.ProcessorCount - 1);

            // The frame from its MAC header: Ethernet to the receiver, IPv4 and UDP from the sender to port 9.
            ReadOnlySpan<byte> frame = drop.Payload.Span;
            Assert.True(FrameSummary.TryParse(frame, drop.Protocol, out FrameSummary summary));
            Assert.True((summary.Layers & FrameLayers.Ethernet) != 0);
            Assert.Equal(receiverMac, FormatMac(frame.Slice(0, 6)));
            Assert.Equal(IPAddress.Parse(SenderAddress), summary.SourceAddress);
            Assert.Equal(IPAddress.Parse(ReceiverAddress), summary.DestinationAddress);
            Assert.Equal(17, summary.IpProtocol);
            Assert.Equal(9, summary.DestinationPort);
            ports.Add(summary.SourcePort);

            // "drop-N\n" behind a UDP header: skb->len when UDP frees it counts from the UDP header.
            int udpLength = BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(14 + 20 + 4));
            Assert.Equal((uint)udpLength, drop.Length);
            Assert.Equal(8 + $"drop-{i + 1}\n".Length, udpLength);
        }

        // bash opens /dev/udp afresh for each datagram: one source port each, none 0.
        Assert.DoesNotContain((ushort)0, ports);

        // The tracepoint saw the same drops: reasons and locations agree one for one, in order.
        KernelDropReasons reasons = KfreeSkbLayoutReasons();
        Assert.Equal(bpf.Select(d => d.Location), tracepoint.Select(d => d.Location));
        Assert.All(tracepoint, d => Assert.Equal(DropReason.NoSocket, reasons.Reason(d.Reason!.Value)));
        Assert.Equal(bpf.Select(d => d.Protocol), tracepoint.Select(d => d.Protocol));
    }

    [LiveKernelFact]
    public void Udp_to_a_closed_port_on_loopback_names_lo_and_the_sender_s_namespace()
    {
        using var ns = new NetworkNamespace();
        int loopback = int.Parse(ns.Exec("cat", "/sys/class/net/lo/ifindex").Trim(), CultureInfo.InvariantCulture);

        (List<DropEvent> bpf, List<CollectedDrop> tracepoint, int pid) = CauseDrops(ns, "127.0.0.1", 9);

        Assert.Equal(Count, bpf.Count);
        Assert.Equal(Count, tracepoint.Count);
        Assert.All(bpf, drop =>
        {
            Assert.Equal(DropReason.NoSocket, drop.Reason);
            Assert.Equal(loopback, drop.InterfaceIndex);
            Assert.Equal("lo", drop.InterfaceName);
            Assert.Equal(ns.Inode, drop.NetnsInode);
            Assert.Equal(pid, drop.Pid);
            Assert.Equal("bash", drop.Comm);
            Assert.Equal(0u, drop.Mark);
            Assert.True(FrameSummary.TryParse(drop.Payload.Span, drop.Protocol, out FrameSummary summary));
            Assert.Equal(IPAddress.Loopback, summary.DestinationAddress);
            Assert.Equal(9, summary.DestinationPort);
        });
        Assert.Equal(bpf.Select(d => d.Location), tracepoint.Select(d => d.Location));
    }

    [LiveKernelFact("nft")]
    public void A_drop_on_the_way_out_carries_the_sending_socket_s_local_port()
    {
        // An nft rule in the output hook drops the datagram while it still belongs to the sender's
        // socket (skb->sk) and has no MAC header yet: the bytes start at the IP header.
        using var ns = new NetworkNamespace();
        ns.Exec("nft", "add table inet ndbpf_out");
        ns.Exec("nft", "add chain inet ndbpf_out out { type filter hook output priority 0 ; }");
        ns.Exec("nft", "add rule inet ndbpf_out out udp dport 7779 drop");

        (List<DropEvent> bpf, List<CollectedDrop> tracepoint, int pid) = CauseDrops(ns, "127.0.0.1", 7779);

        Assert.Equal(Count, bpf.Count);
        Assert.Equal(Count, tracepoint.Count);
        Assert.All(bpf, drop =>
        {
            Assert.Equal(DropReason.NetfilterDrop, drop.Reason);
            Assert.Equal(pid, drop.Pid);
            Assert.Equal(ns.Inode, drop.NetnsInode);
            Assert.True(FrameSummary.TryParse(drop.Payload.Span, drop.Protocol, out FrameSummary summary));
            Assert.True((summary.Layers & FrameLayers.Ethernet) == 0, "a packet on its way out has no MAC header yet");
            Assert.Equal(7779, summary.DestinationPort);
            Assert.Equal(summary.SourcePort, drop.LocalPort);
        });
    }

    [LiveKernelFact]
    public void A_burst_into_a_one_page_ring_is_delivered_or_counted_as_loss()
    {
        const int Burst = 400;
        using var ns = new NetworkNamespace();
        using var sender = new DropSender(ns, "127.0.0.1", 9, Burst);
        using BpfDropSource source = BpfDropSource.Open(new BpfDropSourceOptions { RingBufferSize = Environment.SystemPageSize });
        var collector = new BpfDropCollector(source.Reasons);
        sender.Go();
        source.StopAndDrain(ref collector);

        int ours = collector.Drops.Count(d => d.Pid == sender.Pid);
        int others = collector.Drops.Count - ours;
        DropLoss loss = source.ReadLoss();
        int capacity = Environment.SystemPageSize / (BpfDropRecordLayout.Size(source.SnapLength) + 8);

        Assert.True(loss.Lost > 0, "a burst of 400 into a ring of " + capacity + " lost nothing");
        Assert.InRange(collector.Drops.Count, 1, capacity);
        Assert.Contains("ring buffer had no room", loss.Detail);

        // The counter is machine-wide: drops of other processes during the burst can only add to it.
        Assert.True(ours + loss.Lost >= Burst, $"{ours} delivered and {loss.Lost} lost of {Burst} sent");
        if (others == 0)
        {
            Assert.True(ours + loss.Lost <= Burst + 50, $"{ours} delivered and {loss.Lost} lost of {Burst} sent, with no other process dropping");
        }
    }

    [LiveKernelFact]
    public void Reading_records_allocates_nothing_per_drop()
    {
        using var ns = new NetworkNamespace();
        using var sender = new DropSender(ns, "127.0.0.1", 9, Count);
        using BpfDropSource source = BpfDropSource.Open();
        var reader = new FieldReader();
        source.ReadAvailable(ref reader);
        sender.Go();
        Thread.Sleep(50);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int read = source.ReadAvailable(ref reader);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(read >= Count, $"read {read} records after {Count} drops");
        Assert.Equal(0, allocated);
    }

    [LiveKernelFact]
    public void The_program_and_its_maps_are_gone_after_dispose()
    {
        uint id;
        using (BpfDropSource source = BpfDropSource.Open())
        {
            id = BpfObjects.ProgramId(source.ProgramFd);
            Assert.True(BpfObjects.ProgramExists(id));
        }

        Assert.True(BpfObjects.ProgramGoneWithin(id, TimeSpan.FromSeconds(5)), $"program {id} is still loaded 5 s after the source was disposed");
    }

    /// <summary>Sends <see cref="Count"/> datagrams from a process of its own, seen at once by the BPF source and by a tracepoint source filtered on that process.</summary>
    private static (List<DropEvent> Bpf, List<CollectedDrop> Tracepoint, int Pid) CauseDrops(NetworkNamespace ns, string address, int port)
    {
        using var sender = new DropSender(ns, address, port, Count);
        using BpfDropSource bpf = BpfDropSource.Open();
        using KfreeSkbSource tracepoint = KfreeSkbSource.Open(new KfreeSkbOptions
        {
            Filter = "common_pid == " + sender.Pid.ToString(CultureInfo.InvariantCulture),
            BufferSizeKilobytes = 256,
        });
        sender.Go();

        var bpfDrops = new BpfDropCollector(bpf.Reasons);
        var tracepointDrops = new DropCollector();
        var clock = Stopwatch.StartNew();
        while ((bpfDrops.Drops.Count(d => d.Pid == sender.Pid) < Count || tracepointDrops.Drops.Count < Count) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            bpf.Wait(50);
            bpf.ReadAvailable(ref bpfDrops);
            tracepoint.ReadAvailable(ref tracepointDrops);
        }

        bpf.StopAndDrain(ref bpfDrops);
        tracepoint.StopAndDrain(ref tracepointDrops);
        Assert.Equal(0, bpf.ReadLoss().Lost);
        Assert.Equal(0, tracepoint.LostEvents);

        // The tracepoint is machine-wide: other processes' drops are not the test's.
        return (bpfDrops.Drops.Where(d => d.Pid == sender.Pid).ToList(), tracepointDrops.Drops, sender.Pid);
    }

    private static KernelDropReasons KfreeSkbLayoutReasons()
    {
        using KfreeSkbSource source = KfreeSkbSource.Open(new KfreeSkbOptions { Filter = "common_pid == 1" });
        return source.Reasons;
    }

    private static void ConnectVeth(NetworkNamespace sender, NetworkNamespace receiver)
    {
        sender.Exec("ip", "link", "add", SenderVeth, "type", "veth", "peer", "name", ReceiverVeth, "netns", receiver.Name);
        sender.Exec("ip", "addr", "add", SenderAddress + "/30", "dev", SenderVeth);
        sender.Exec("ip", "link", "set", SenderVeth, "up");
        receiver.Exec("ip", "addr", "add", ReceiverAddress + "/30", "dev", ReceiverVeth);
        receiver.Exec("ip", "link", "set", ReceiverVeth, "up");
        string mac = receiver.Exec("cat", $"/sys/class/net/{ReceiverVeth}/address").Trim();

        // A permanent neighbour entry: no ARP exchange to wait for.
        sender.Exec("ip", "neigh", "add", ReceiverAddress, "lladdr", mac, "dev", SenderVeth, "nud", "permanent");
    }

    private static string FormatMac(ReadOnlySpan<byte> mac) => string.Join(':', mac.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
