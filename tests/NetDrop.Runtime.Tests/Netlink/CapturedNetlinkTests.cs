using NetDrop.Netlink.Generic;
using System;
using System.Collections.Generic;
using NetDrop.CaptureFiles;
using NetDrop.Interop;
using NetDrop.Netlink;
using NetDrop.Tests.Capture;

namespace NetDrop.Tests.Netlink;

/// <summary>Message framing over the real NET_DM captures, checked against Wireshark's decode.</summary>
public class CapturedNetlinkTests
{
    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Every_frame_is_one_well_formed_message_matching_tshark(string name)
    {
        IReadOnlyList<TsharkFrame> expected = TestCaptures.Tshark(name);
        using CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath(name));
        int i = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            TsharkNetlinkHeader tshark = expected[i].Message ?? throw new InvalidOperationException($"tshark shows no nlmsghdr in frame {i + 1}");
            Assert.True(NetlinkCookedHeader.TryParse(record.Data, out _, out ReadOnlySpan<byte> bytes));

            var messages = new NetlinkMessageReader(bytes);
            Assert.True(messages.TryReadNext(out NetlinkMessage message));
            NetlinkMessageHeader header = message.Header;
            Assert.Equal(0, message.Offset);
            Assert.Equal(tshark.Length, header.Length);
            Assert.Equal(tshark.Type, header.Type);
            Assert.Equal(tshark.Flags, (ushort)header.Flags);
            Assert.Equal(tshark.Sequence, header.Sequence);
            Assert.Equal(tshark.PortId, header.PortId);

            // Exactly one message, filling the frame.
            Assert.Equal(bytes.Length, (int)header.Length);
            Assert.Equal((int)header.Length - NetlinkMessageHeader.Size, message.Payload.Length);
            Assert.False(messages.TryReadNext(out _));
            Assert.False(messages.Error.IsError);
            Assert.Equal(bytes.Length, messages.Offset);
            i++;
        }

        Assert.Null(reader.Error);
        Assert.Equal(expected.Count, i);
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Generic_netlink_headers_match_tshark(string name)
    {
        IReadOnlyList<TsharkFrame> expected = TestCaptures.Tshark(name);
        using CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath(name));
        int i = 0;
        int generic = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            TsharkFrame tshark = expected[i++];
            NetlinkCookedHeader.TryParse(record.Data, out _, out ReadOnlySpan<byte> bytes);
            var messages = new NetlinkMessageReader(bytes);
            Assert.True(messages.TryReadNext(out NetlinkMessage message));
            if (message.Header.Type < NetlinkMessageType.MinType)
            {
                Assert.Null(tshark.GenlCommand);
                continue;
            }

            Assert.True(GenericNetlinkHeader.TryParse(message.Payload, out GenericNetlinkHeader genl, out ReadOnlySpan<byte> attributes));
            Assert.Equal(tshark.GenlCommand, genl.Command);
            Assert.Equal(tshark.GenlVersion, genl.Version);
            Assert.Equal(0, genl.Reserved);
            Assert.Equal(message.Payload.Length - GenericNetlinkHeader.Size, attributes.Length);
            generic++;
        }

        Assert.True(generic > 0);
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Acks_decode_as_acks_and_echo_an_earlier_request(string name)
    {
        IReadOnlyList<TsharkFrame> expected = TestCaptures.Tshark(name);
        var seen = new List<NetlinkMessageHeader>();
        int acks = 0;
        int ackRequests = 0;
        using CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath(name));
        int i = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            TsharkFrame tshark = expected[i++];
            NetlinkCookedHeader.TryParse(record.Data, out _, out ReadOnlySpan<byte> bytes);
            var messages = new NetlinkMessageReader(bytes);
            Assert.True(messages.TryReadNext(out NetlinkMessage message));
            seen.Add(message.Header);
            if ((message.Header.Flags & (NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack)) == (NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
            {
                ackRequests++;
            }

            if (message.Header.Type != NetlinkMessageType.Error)
            {
                Assert.False(NetlinkErrorMessage.TryParse(message, out _));
                Assert.Null(tshark.ErrorCode);
                continue;
            }

            acks++;
            Assert.True(NetlinkErrorMessage.TryParse(message, out NetlinkErrorMessage error));
            Assert.Equal(0, tshark.ErrorCode);
            Assert.True(error.IsAck);
            Assert.Equal(Errno.None, error.Errno);

            // The kernel always caps acks to the request's header, and had no extended ack to add.
            Assert.Equal(NetlinkMessageFlags.Capped, message.Header.Flags);
            Assert.True(error.RequestPayload.IsEmpty);
            Assert.True(error.ExtAckMessageUtf8.IsEmpty);
            Assert.Null(error.ExtAckOffset);
            Assert.Null(error.MissingAttributeType);

            TsharkNetlinkHeader echoed = tshark.EchoedRequest!;
            Assert.Equal(
                new NetlinkMessageHeader(echoed.Length, echoed.Type, (NetlinkMessageFlags)echoed.Flags, echoed.Sequence, echoed.PortId),
                error.Request);

            // The echoed header is byte for byte the header of a request earlier in the capture that asked for an ack.
            int request = seen.Count - 2;
            while (request >= 0 && seen[request] != error.Request)
            {
                request--;
            }

            Assert.True(request >= 0, $"frame {i}: no earlier request {error.Request}");
            Assert.True((seen[request].Flags & NetlinkMessageFlags.Ack) != 0);
            Assert.Equal(error.Request.Sequence, message.Header.Sequence);
        }

        Assert.True(acks > 0);
        Assert.Equal(ackRequests, acks);
        Assert.Equal(expected.Count, i);
    }
}
