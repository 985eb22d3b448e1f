using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// The decoder behind NetDmClient's receive path, fed the datagrams a real kernel sent to the events
/// group, and crafted or randomly damaged ones: each bad message is reported and skipped, and the
/// ones after it are still read.
/// </summary>
public sealed class NetDmAlertDecoderTests
{
    private const ushort FamilyId = 0x1c;

    private static readonly string[] Captures = ["netdm-packet", "netdm-summary", "netdm-packet-swhw"];

    [Fact]
    public void Real_packet_alerts_decode_as_the_capture_decoder_reads_them()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-packet");
        var decoder = new NetDmAlertDecoder(familyId);
        var alerts = new List<DropAlert>();
        var collector = new DropAlertCollector(alerts, null);

        foreach (byte[] datagram in datagrams)
        {
            decoder.Decode(datagram, ref collector);
        }

        PacketAlertSnapshot[] expected = CapturedNetDm.Read("netdm-packet").PacketAlerts.Select(m => m.PacketAlert!).ToArray();
        Assert.NotEmpty(expected);
        PacketDropAlert[] actual = alerts.Cast<PacketDropAlert>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].ReasonName, actual[i].ReasonName ?? "");
            Assert.Equal(expected[i].Reason, actual[i].Reason);
            Assert.Equal(expected[i].Symbol, actual[i].Symbol ?? "");
            Assert.Equal(expected[i].ProgramCounter, actual[i].ProgramCounter);
            Assert.Equal(expected[i].InputIfIndex, actual[i].InputIfIndex);
            Assert.Equal(expected[i].Protocol, actual[i].Protocol);
            Assert.Equal(expected[i].OriginalLength, actual[i].OriginalLength);
            Assert.Equal((long?)expected[i].TimestampNanoseconds, actual[i].UnixNanoseconds);
            Assert.Equal(expected[i].Payload, actual[i].Payload.ToArray());
        }

        Assert.Equal(0, decoder.MalformedMessages);
    }

    [Fact]
    public void Real_summary_alerts_decode_with_their_drop_points()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-summary");
        var decoder = new NetDmAlertDecoder(familyId);
        var alerts = new List<DropAlert>();
        var collector = new DropAlertCollector(alerts, null);

        foreach (byte[] datagram in datagrams)
        {
            decoder.Decode(datagram, ref collector);
        }

        NetDmMessageSnapshot[] expected = CapturedNetDm.Read("netdm-summary").Messages.Where(m => m.Is(NetDmCommand.Alert, request: false)).ToArray();
        Assert.NotEmpty(expected);
        SummaryDropAlert[] actual = alerts.Cast<SummaryDropAlert>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].SummaryPoints!.Select(p => (p.ProgramCounter, p.Count)), actual[i].Locations.Select(p => (p.ProgramCounter, p.Count)));
        }
    }

    [Fact]
    public void Decoding_real_alert_datagrams_allocates_nothing()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-packet-swhw");
        var decoder = new NetDmAlertDecoder(familyId);
        var counter = new AlertCounter();
        foreach (byte[] datagram in datagrams)
        {
            decoder.Decode(datagram, ref counter);
        }

        counter = new AlertCounter();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 100; round++)
        {
            foreach (byte[] datagram in datagrams)
            {
                decoder.Decode(datagram, ref counter);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(counter.Packets >= 100, $"{counter.Packets} packet alerts");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void An_attribute_running_past_its_message_is_reported_and_the_next_message_still_read()
    {
        byte[] datagram = Datagram(out int[] offsets, 3);

        // The second message's first attribute (after nlmsghdr and genlmsghdr) claims 200 bytes.
        BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(offsets[1] + 20), 200);

        (AlertCounter counter, long malformed) = Decode(datagram);

        Assert.Equal(2, counter.Packets);
        Assert.Equal(1, malformed);
        Assert.Contains("PacketAlert", Assert.Single(counter.Problems!));
    }

    [Fact]
    public void A_message_too_short_for_the_generic_header_is_reported_and_skipped()
    {
        var buffer = new byte[1024];
        var writer = new NetlinkWriter(buffer);
        WriteAlert(ref writer, 1);
        int bare = writer.BeginMessage(FamilyId, 0, 0);
        writer.EndMessage(bare);
        WriteAlert(ref writer, 2);

        (AlertCounter counter, long malformed) = Decode(writer.Written.ToArray());

        Assert.Equal(2, counter.Packets);
        Assert.Equal(1, malformed);
        Assert.Contains("too few for a generic netlink header", counter.Problems![0]);
    }

    [Fact]
    public void A_message_length_past_the_datagram_keeps_the_alerts_before_it()
    {
        byte[] datagram = Datagram(out int[] offsets, 3);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(offsets[2]), 5000);

        (AlertCounter counter, long malformed) = Decode(datagram);

        Assert.Equal(2, counter.Packets);
        Assert.Equal(1, malformed);
        Assert.Contains("event datagram", counter.Problems![0]);
    }

    [Fact]
    public void Unknown_attributes_are_counted_and_the_alert_delivered()
    {
        var buffer = new byte[1024];
        var writer = new NetlinkWriter(buffer);
        int message = writer.BeginMessage(FamilyId, 0, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, 2);
        NetDmAttributeWriter.PutReason(ref writer, "NO_SOCKET");
        writer.PutU32(200, 7);
        writer.PutU32(201, 7);
        writer.EndMessage(message);
        var decoder = new NetDmAlertDecoder(FamilyId);
        var check = new UnknownCheck();

        decoder.Decode(writer.Written, ref check);

        Assert.Equal(1, check.Alerts);
        Assert.Equal(2, check.Unknown);
        Assert.Equal(DropReason.NoSocket, check.Reason);
    }

    [Fact]
    public void Nesting_far_deeper_than_the_spec_is_read_without_recursion_or_error()
    {
        // IN_PORT holds a port set (ifindex, name); here it holds 500 levels of nests instead.
        var buffer = new byte[16 * 1024];
        var writer = new NetlinkWriter(buffer);
        int message = writer.BeginMessage(FamilyId, 0, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, 2);
        var nests = new Stack<int>();
        nests.Push(NetDmAttributeWriter.BeginInPort(ref writer));
        for (int depth = 0; depth < 500; depth++)
        {
            nests.Push(writer.BeginNested(5));
        }

        while (nests.Count > 0)
        {
            writer.EndNested(nests.Pop());
        }

        writer.EndMessage(message);
        var decoder = new NetDmAlertDecoder(FamilyId);
        var check = new UnknownCheck();

        decoder.Decode(writer.Written, ref check);

        Assert.Equal(1, check.Alerts);
        Assert.Null(check.InputIfIndex);
        Assert.Equal(0, decoder.MalformedMessages);
    }

    [Fact]
    public void Other_families_and_control_messages_on_the_socket_are_not_alerts()
    {
        var buffer = new byte[1024];
        var writer = new NetlinkWriter(buffer);
        int other = writer.BeginMessage(0x1d, 0, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, 2);
        writer.EndMessage(other);
        int noop = writer.BeginMessage(NetlinkMessageType.Noop, 0, 0);
        writer.EndMessage(noop);
        WriteAlert(ref writer, 1);
        var decoder = new NetDmAlertDecoder(FamilyId);
        var counter = new AlertCounter();

        int messages = decoder.Decode(writer.Written, ref counter);

        Assert.Equal(1, messages);
        Assert.Equal(1, counter.Packets);
        Assert.Null(counter.Problems);
    }

    [Fact]
    public async Task Randomly_damaged_real_datagrams_never_make_the_decoder_throw()
    {
        List<byte[]>[] captures = Captures.Select(name => EventDatagrams.Read(name).Datagrams).ToArray();
        ushort[] families = Captures.Select(name => EventDatagrams.Read(name).FamilyId).ToArray();

        Gen<(int Capture, int Datagram, (int Position, int Value)[] Flips, int? Truncate)> cases =
            from capture in Gen.Choose(0, captures.Length - 1)
            from datagram in Gen.Choose(0, int.MaxValue)
            from flips in Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Zip(Gen.OneOf(Gen.Choose(0, 255), Gen.Elements(0, 1, 4, 0x7F, 0x80, 0xFF))))
            from truncate in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, int.MaxValue).Select(n => (int?)n))
            select (capture, datagram, flips.Take(6).ToArray(), truncate);

        Task run = Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            List<byte[]> datagrams = captures[c.Capture];
            byte[] damaged = datagrams[c.Datagram % datagrams.Count].ToArray();
            foreach ((int position, int value) in c.Flips)
            {
                damaged[position % damaged.Length] = (byte)value;
            }

            int length = c.Truncate is { } cut ? cut % (damaged.Length + 1) : damaged.Length;
            var decoder = new NetDmAlertDecoder(families[c.Capture]);
            var alerts = new List<DropAlert>();
            var collector = new DropAlertCollector(alerts, null);
            decoder.Decode(damaged.AsSpan(0, length), ref collector);
            Assert.True(alerts.Count + decoder.MalformedMessages <= (length / NetlinkMessageHeader.Size) + 1);
        })));
        Task first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(first == run, "decoding damaged datagrams did not finish");
        await run;
    }

    private static (AlertCounter Counter, long Malformed) Decode(byte[] datagram)
    {
        var decoder = new NetDmAlertDecoder(FamilyId);
        var counter = new AlertCounter();
        decoder.Decode(datagram, ref counter);
        return (counter, decoder.MalformedMessages);
    }

    private static byte[] Datagram(out int[] offsets, int alerts)
    {
        var buffer = new byte[4096];
        var writer = new NetlinkWriter(buffer);
        offsets = new int[alerts];
        for (int i = 0; i < alerts; i++)
        {
            offsets[i] = writer.Length;
            WriteAlert(ref writer, (uint)i + 1);
        }

        return writer.Written.ToArray();
    }

    private static void WriteAlert(ref NetlinkWriter writer, uint ifIndex)
    {
        int message = writer.BeginMessage(FamilyId, 0, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, 2);
        NetDmAttributeWriter.PutPc(ref writer, 0xffffffff81000000 + ifIndex);
        NetDmAttributeWriter.PutReason(ref writer, "NO_SOCKET");
        int port = NetDmAttributeWriter.BeginInPort(ref writer);
        NetDmPortAttributeWriter.PutNetdevIfindex(ref writer, ifIndex);
        writer.EndNested(port);
        NetDmAttributeWriter.PutProto(ref writer, 0x0800);
        NetDmAttributeWriter.PutPayload(ref writer, new byte[] { 0x45, 0, 0, 28 });
        writer.EndMessage(message);
    }

    private struct UnknownCheck : INetDmAlertHandler
    {
        public int Alerts;
        public int Unknown;
        public DropReason? Reason;
        public uint? InputIfIndex;

        public void OnPacketAlert(in NetDmPacketAlert alert)
        {
            Alerts++;
            Unknown = alert.Attributes.UnknownCount;
            Reason = alert.Reason;
            InputIfIndex = alert.InputIfIndex;
        }

        public readonly void OnSummaryAlert(in NetDmSummaryAlert alert)
        {
        }
    }
}
