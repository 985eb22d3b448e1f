using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDrop.NetDm;
using NetDrop.Tests.Capture;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// Every PACKET_ALERT of the real packet-mode captures, decoded by NetDrop, against Wireshark's decode of
/// the same frame and against what dropwatch printed for it. Expected values are read from their text.
/// </summary>
public class PacketAlertVectorTests
{
    private static readonly string[] PacketCaptureNames = { "netdm-packet", "netdm-packet-swhw" };

    public static TheoryData<string> PacketCaptures => new(PacketCaptureNames);

    [Theory]
    [MemberData(nameof(PacketCaptures))]
    public void Every_packet_alert_agrees_with_wireshark_field_by_field(string name)
    {
        CapturedNetDm capture = CapturedNetDm.Read(name);
        IReadOnlyDictionary<int, IReadOnlyList<TsharkNetDmAttribute>> tshark = TsharkNetDm.Load(name);
        List<NetDmMessageSnapshot> alerts = capture.PacketAlerts.ToList();

        // As many alerts as Wireshark saw NET_DM messages with command 5 coming from the kernel.
        int tsharkAlerts = TestCaptures.Tshark(name).Count(f =>
            f.GenlCommand == (int)NetDmCommand.PacketAlert && f.Message!.Type == capture.FamilyId && (f.Message.Flags & 1) == 0);
        Assert.NotEmpty(alerts);
        Assert.Equal(tsharkAlerts, alerts.Count);

        foreach (NetDmMessageSnapshot message in alerts)
        {
            PacketAlertSnapshot alert = message.PacketAlert!;
            IReadOnlyList<TsharkNetDmAttribute> attributes = tshark[message.Frame];
            TsharkNetDmAttribute Attribute(NetDmAttr type) => attributes.Single(a => a.Type == (ushort)type);
            string frame = "frame " + message.Frame.ToString(CultureInfo.InvariantCulture);

            Assert.False(message.AttributeError.IsError, frame + ": " + message.AttributeError);
            Assert.Equal(0, message.UnknownCount);

            // The view found exactly the attributes Wireshark lists.
            Assert.Equal(attributes.Select(a => a.Type).ToHashSet(), message.PresentTypes);

            Assert.Equal(TsharkValues.Hex(Attribute(NetDmAttr.Pc).Value("Program counter")), alert.ProgramCounter);
            Assert.Equal(Attribute(NetDmAttr.Symbol).Value("Symbol"), alert.Symbol);

            // tshark 4.0 does not know REASON (23): it prints the NUL-terminated string's bytes.
            Assert.Equal(TsharkValues.NulTerminatedString(Attribute(NetDmAttr.Reason).Value("Data")), alert.ReasonName);

            Assert.Equal(uint.Parse(Attribute(NetDmAttr.InPort).Value("Port net device index"), CultureInfo.InvariantCulture), alert.InputIfIndex);
            Assert.Equal(TsharkValues.UtcNanoseconds(Attribute(NetDmAttr.Timestamp).Value("Timestamp")), alert.TimestampNanoseconds);
            Assert.Equal((ushort)TsharkValues.Hex(Attribute(NetDmAttr.Proto).Value("Protocol")), alert.Protocol);
            Assert.Equal(uint.Parse(Attribute(NetDmAttr.OrigLen).Value("Original length"), CultureInfo.InvariantCulture), alert.OriginalLength);

            // "Len:" counts the 4-byte attribute header.
            Assert.Equal(Attribute(NetDmAttr.Payload).Length - 4, alert.Payload.Length);
            Assert.Equal((NetDmOrigin)TsharkValues.LastParenthesized(Attribute(NetDmAttr.Origin).Value("Packet origin")), alert.Origin);
        }
    }

    [Theory]
    [MemberData(nameof(PacketCaptures))]
    public void Packet_alerts_agree_with_dropwatch_in_order(string name)
    {
        List<PacketAlertSnapshot> alerts = CapturedNetDm.Read(name).PacketAlerts.Select(m => m.PacketAlert!).ToList();
        List<DropwatchPacketDrop> drops = DropwatchLog.Load(name).PacketDrops;

        Assert.NotEmpty(drops);
        Assert.Equal(drops.Count, alerts.Count);
        for (int i = 0; i < drops.Count; i++)
        {
            DropwatchPacketDrop expected = drops[i];
            PacketAlertSnapshot actual = alerts[i];
            Assert.Equal(expected.Symbol, actual.Symbol);
            Assert.Equal(expected.ProgramCounter, actual.ProgramCounter);

            // dropwatch leaves lines out (origin on some blocks); compare what it printed.
            if (expected.Origin is { } origin)
            {
                Assert.Equal(origin, actual.Origin == NetDmOrigin.Hw ? "hardware" : "software");
            }

            if (expected.InputIfIndex is { } ifIndex)
            {
                Assert.Equal(ifIndex, actual.InputIfIndex);
            }

            if (expected.TimestampNanoseconds is { } timestamp)
            {
                Assert.Equal(timestamp, actual.TimestampNanoseconds);
            }

            if (expected.Protocol is { } protocol)
            {
                Assert.Equal(protocol, actual.Protocol);
            }

            // dropwatch's "length" is the payload it was sent, after truncation.
            if (expected.Length is { } length)
            {
                Assert.Equal(length, actual.Payload.Length);
            }

            if (expected.OriginalLength is { } originalLength)
            {
                Assert.Equal(originalLength, actual.OriginalLength);
            }

            if (expected.Reason is { } reason)
            {
                Assert.Equal(reason, actual.ReasonName);
            }
        }
    }

    [Fact]
    public void Dropwatch_blocks_with_lines_left_out_still_parse()
    {
        // dropwatch prints "origin:" only for some alerts; the comparison above must cope with that.
        DropwatchLog log = DropwatchLog.Parse(new[]
        {
            "drop at: tcp_v4_rcv+0x81/0xee0 (0xffffffff890ac491)",
            "input port ifindex: 1",
            "timestamp: Sun Nov  2 01:51:21 2026 845227480 nsec",
            "length: 64",
            "",
        });

        DropwatchPacketDrop drop = Assert.Single(log.PacketDrops);
        Assert.Null(drop.Origin);
        Assert.Null(drop.Reason);
        Assert.Null(drop.Protocol);
        Assert.Equal(1u, drop.InputIfIndex);
        Assert.Equal(64, drop.Length);
        Assert.Equal(TsharkValues.UtcNanoseconds("Nov 2, 2026 01:51:21.845227480 UTC"), drop.TimestampNanoseconds);
    }

    [Fact]
    public void Every_reason_name_in_the_captures_maps_to_the_catalogue_entry_of_that_name()
    {
        var seen = new HashSet<string>();
        foreach (string name in PacketCaptureNames)
        {
            foreach (NetDmMessageSnapshot message in CapturedNetDm.Read(name).PacketAlerts)
            {
                PacketAlertSnapshot alert = message.PacketAlert!;
                Assert.NotEmpty(alert.ReasonName);
                DropReason reason = Assert.IsType<DropReason>(alert.Reason);
                Assert.Equal(alert.ReasonName, DropReasonCatalog.KernelName(reason));
                seen.Add(alert.ReasonName);
            }
        }

        // The sessions caused drops of several kinds: no socket, netfilter, and the unspecified ones.
        Assert.True(seen.Count >= 3, string.Join(", ", seen));
    }
}
