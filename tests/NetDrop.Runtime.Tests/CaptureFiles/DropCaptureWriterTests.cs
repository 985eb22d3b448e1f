using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.Tests.Watch;
using static NetDrop.Tests.Frames.TestFrames;

namespace NetDrop.Tests.Capture;

/// <summary>DropCaptureWriter: every drop becomes a frame Wireshark shows cleanly, its fate in the comment.</summary>
public sealed class DropCaptureWriterTests : IDisposable
{
    /// <summary>NET_DM from a WireGuard-like device: the payload starts at the IP header.</summary>
    private static readonly DropEvent RawIPv4 = new(
        1_795_312_285_000_000_000, DropReason.IpInaddrerrors, "IP_INADDRERRORS", 0, 0xffffffff81b00000, "ip_rcv_finish_core+0x1f/0x400", 9, 0x0800,
        IPv4("10.0.0.1", "10.0.0.2", 17, Udp(40002, 40003)), DropSource.NetDm)
    {
        InterfaceName = "wg0",
    };

    /// <summary>NET_DM with bytes that are neither Ethernet nor IP (a tunnel's own header).</summary>
    private static readonly DropEvent Unframed = new(
        1_795_312_286_000_000_000, DropReason.UnhandledProto, "UNHANDLED_PROTO", 0, 0xffffffff81c00000, "gre_rcv+0x10/0x80", 11, 0x6558,
        new byte[] { 0x20, 0x00, 0x65, 0x58, 0x01, 0x02, 0x03, 0x04, 0x05 }, DropSource.NetDm)
    {
        InterfaceName = "gre1",
    };

    /// <summary>NET_DM, Ethernet on lo: UDP to a closed port (not one Wireshark has a dissector for, so an empty payload is not its error).</summary>
    private static readonly DropEvent UdpNoSocket = SampleDrops.UdpNoSocket with
    {
        Payload = Concat(Ethernet(0x0800), IPv4("127.0.0.1", "127.0.0.1", 17, Udp(40000, 40001))),
    };

    /// <summary>The sample's ICMP echo, with a checksum Wireshark accepts.</summary>
    private static readonly DropEvent FutureIcmp = SampleDrops.FutureIcmp with
    {
        Payload = Concat(Ethernet(0x0800), IPv4("10.1.2.3", "192.168.1.1", 1, [8, 0, 0xf7, 0xfd, 0, 1, 0, 1])),
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-drops-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DropEvent[] Drops => [UdpNoSocket, SampleDrops.NftIPv6, SampleDrops.HardwareTcp, FutureIcmp, RawIPv4, Unframed];

    [Fact]
    public void Comments_name_the_symbol_and_leave_out_the_kernel_address_unless_asked()
    {
        string[] comments = ReadComments(Write(Drops, kernelAddresses: false));

        Assert.DoesNotContain(comments, c => c.Contains("0xffffffff", StringComparison.Ordinal));
        Assert.StartsWith("NO_SOCKET: no valid socket that can be used.; at __udp4_lib_rcv+0x9a2/0xc50; software drop;", comments[0], StringComparison.Ordinal);
        Assert.StartsWith("no drop reason given; at unknown; hardware drop", comments[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Each_drop_is_a_frame_of_the_right_link_type_with_its_fate_in_the_comment()
    {
        string path = Write(Drops);
        using CaptureFileReader reader = CaptureFileReader.Open(path);
        var frames = new List<(int LinkType, string Interface, byte[] Data, int Length, string Comment, long Time)>();
        while (reader.TryReadNext(out CapturedRecord record))
        {
            Assert.Null(record.DropCount);
            frames.Add((record.LinkType, record.Interface.Name!, record.Data.ToArray(), record.OriginalLength, Encoding.UTF8.GetString(record.CommentUtf8), record.TimestampNanoseconds));
        }

        Assert.Null(reader.Error);
        Assert.Equal(Drops.Length, frames.Count);
        Assert.Equal(Drops.Select(d => d.UnixNanoseconds), frames.Select(f => f.Time));

        // NET_DM, Ethernet on lo: the payload as sent, its original length kept.
        Assert.Equal(LinkTypes.Ethernet, frames[0].LinkType);
        Assert.Equal("lo", frames[0].Interface);
        Assert.Equal(UdpNoSocket.Payload.ToArray(), frames[0].Data);
        Assert.Equal(47, frames[0].Length);
        Assert.Equal(
            "NO_SOCKET: no valid socket that can be used.; at __udp4_lib_rcv+0x9a2/0xc50 (0xffffffff81a2b3c4); software drop; interface lo (ifindex 1); protocol IPv4 (0x0800); seen by NET_DM",
            frames[0].Comment);

        // The tracepoint: no bytes, no interface; tags only, saying the protocol.
        Assert.Equal(LinkTypes.WiresharkUpperPdu, frames[1].LinkType);
        Assert.Equal("unreported", frames[1].Interface);
        Assert.True(UpperPduTags.TrySkip(frames[1].Data, out ReadOnlySpan<byte> none));
        Assert.True(none.IsEmpty);
        Assert.Equal(
            "NETFILTER_DROP: dropped by netfilter; at nft_do_chain+0x47f/0x5e0 [nf_tables] (0xffffffffc0a1b2c3); software drop; protocol IPv6 (0x86dd); no packet bytes: the skb:kfree_skb tracepoint records none (the BPF source does); seen by the skb:kfree_skb tracepoint",
            frames[1].Comment);

        // Hardware: the trap is named, and a reason the kernel did not give is said to be missing.
        Assert.Equal(LinkTypes.Ethernet, frames[2].LinkType);
        Assert.Equal(
            "no drop reason given; at 0x0; hardware drop, trap l2_drops/ingress_vlan_filter; interface eth0 (ifindex 2); protocol 0x8100 (0x8100); seen by NET_DM",
            frames[2].Comment);

        // A reason newer than the catalogue, in a subsystem: named as the kernel spells it.
        Assert.StartsWith("FUTURE_REASON (subsystem 3); at ovs_dp_process_packet+0x10 (0xffffffff81000010); software drop; interface veth-a.10 (ifindex 7)", frames[3].Comment, StringComparison.Ordinal);

        Assert.Equal(LinkTypes.Raw, frames[4].LinkType);
        Assert.Equal("wg0", frames[4].Interface);
        Assert.Equal(RawIPv4.Payload.ToArray(), frames[4].Data);

        // Bytes that are neither Ethernet nor IP are kept whole after the tags.
        Assert.Equal(LinkTypes.WiresharkUpperPdu, frames[5].LinkType);
        Assert.True(UpperPduTags.TrySkip(frames[5].Data, out ReadOnlySpan<byte> kept));
        Assert.Equal(Unframed.Payload.ToArray(), kept.ToArray());

        // One interface per device and link type; each closes with a statistics block counting its drops.
        Assert.Equal(["lo", "unreported", "eth0", "veth-a.10", "wg0", "gre1"], reader.Interfaces.Select(i => i.Name));
        Assert.All(reader.Statistics, s => Assert.Equal(1UL, s.Counters.UserDelivered));
        Assert.Equal(6, reader.Statistics.Count);
        Assert.Equal("drop events the source lost, all interfaces together: 3 (3 dropped in the kernel's queue)", reader.Statistics[0].Counters.Comment);
    }

    [TsharkFact]
    public void Tshark_shows_every_drop_without_warnings_and_its_comment()
    {
        string path = Write(Drops);
        Assert.Empty(Tshark.Problems(path));

        List<string[]> rows = Tshark.Fields(path, "frame.comment", "_ws.col.Protocol", "frame.interface_name", "ip.dst", "ipv6.dst");
        Assert.Equal(Drops.Length, rows.Count);
        string[] expected = ReadComments(path);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i], rows[i][0]);
        }

        Assert.Equal("127.0.0.1", rows[0][3]);
        Assert.Equal("IPv6", rows[1][1]);
        Assert.Equal("unreported", rows[1][2]);
        Assert.Equal("2001:db8::2", rows[2][4]);
        Assert.Equal("10.0.0.2", rows[4][3]);
    }

    [Fact]
    public void Writing_a_drop_allocates_nothing_once_its_interface_exists()
    {
        using var writer = new DropCaptureWriter(new PcapNgWriter(Stream.Null));
        DropEvent[] drops = Drops;
        foreach (DropEvent drop in drops)
        {
            writer.Write(drop);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            writer.Write(drops[i % drops.Length]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1_000 + Drops.Length, writer.DropsWritten);
    }

    private string Write(IEnumerable<DropEvent> drops, bool kernelAddresses = true)
    {
        string path = Path.Combine(_directory, "drops.pcapng");
        using var writer = new DropCaptureWriter(PcapNgWriter.Create(path)) { KernelAddresses = kernelAddresses };
        foreach (DropEvent drop in drops)
        {
            writer.Write(drop);
        }

        writer.RecordLoss(3, "3 dropped in the kernel's queue");
        return path;
    }

    private static string[] ReadComments(string path)
    {
        using CaptureFileReader reader = CaptureFileReader.Open(path);
        var comments = new List<string>();
        while (reader.TryReadNext(out CapturedRecord record))
        {
            comments.Add(Encoding.UTF8.GetString(record.CommentUtf8));
        }

        return comments.ToArray();
    }
}
