using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using NetDrop.Interop;
using NetDrop.Netlink;

namespace NetDrop.Tests.Netlink;

public class NetlinkErrorMessageTests
{
    private static readonly NetlinkMessageHeader Request =
        new(28, 0x20, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, 5, 0);

    [Fact]
    public void Decodes_an_error_with_extended_ack_message_and_offset()
    {
        byte[] message = BuildError(
            -22,
            Request,
            requestPayload: null,
            Attr(1, Encoding.UTF8.GetBytes("Attribute failed policy validation\0")),
            Attr(2, U32(20)));

        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryReadNext(out NetlinkMessage nlmsg));
        Assert.Equal(NetlinkMessageType.Error, nlmsg.Header.Type);
        Assert.True(NetlinkErrorMessage.TryParse(nlmsg, out NetlinkErrorMessage error));

        Assert.False(error.IsAck);
        Assert.Equal(-22, error.Error);
        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Equal("EINVAL", error.Errno.Name());
        Assert.Equal(Request, error.Request);
        Assert.True(error.RequestPayload.IsEmpty);
        Assert.Equal("Attribute failed policy validation", Encoding.UTF8.GetString(error.ExtAckMessageUtf8));
        Assert.Equal(20u, error.ExtAckOffset);
        Assert.Null(error.MissingAttributeType);
        Assert.Null(error.MissingAttributeNest);
        Assert.True(error.ExtAckCookie.IsEmpty);
    }

    [Fact]
    public void An_uncapped_error_carries_the_request_and_attributes_start_aligned_after_it()
    {
        // A 21-byte request: its echo ends off the 4-byte grid, so the attributes start 3 bytes later.
        byte[] requestPayload = { 2, 1, 0, 0, 0x77 };
        var request = new NetlinkMessageHeader(21, 0x20, NetlinkMessageFlags.Request, 9, 0);
        byte[] policy = Attr(1, U32(3));
        byte[] message = BuildError(
            -95,
            request,
            requestPayload,
            Attr(5, U32(17)),
            Attr(6, U32(20)),
            Attr(3, new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01 }),
            Attr(4 | 0x8000, policy));

        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryReadNext(out NetlinkMessage nlmsg));
        Assert.True(NetlinkErrorMessage.TryParse(nlmsg, out NetlinkErrorMessage error));

        Assert.Equal(Errno.EOPNOTSUPP, error.Errno);
        Assert.Equal("EOPNOTSUPP", error.Errno.Name());
        Assert.Equal(request, error.Request);
        Assert.Equal(requestPayload, error.RequestPayload.ToArray());
        Assert.Equal(17u, error.MissingAttributeType);
        Assert.Equal(20u, error.MissingAttributeNest);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01 }, error.ExtAckCookie.ToArray());
        Assert.Equal(policy, error.ExtAckPolicy.ToArray());
        Assert.True(error.ExtAckMessageUtf8.IsEmpty);
        Assert.Null(error.ExtAckOffset);
    }

    [Fact]
    public void An_ack_is_error_zero()
    {
        byte[] message = BuildError(0, Request, requestPayload: null);
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryReadNext(out NetlinkMessage nlmsg));
        Assert.True(NetlinkErrorMessage.TryParse(nlmsg, out NetlinkErrorMessage error));
        Assert.True(error.IsAck);
        Assert.Equal(Errno.None, error.Errno);
    }

    [Fact]
    public void Bytes_after_the_request_are_ignored_without_ack_tlvs()
    {
        byte[] payload = new byte[4 + 16 + 8];
        BinaryPrimitives.WriteInt32LittleEndian(payload, -16);
        Request.TryWrite(payload.AsSpan(4));
        payload[20] = 0xFF; // not a valid attribute, but nobody said there were attributes
        Assert.True(NetlinkErrorMessage.TryParse(payload, NetlinkMessageFlags.Capped, out NetlinkErrorMessage error));
        Assert.Equal("EBUSY", error.Errno.Name());
        Assert.True(error.ExtAckMessageUtf8.IsEmpty);
    }

    [Fact]
    public void A_message_attribute_without_a_nul_is_taken_whole()
    {
        byte[] message = BuildError(-1, Request, null, Attr(1, Encoding.UTF8.GetBytes("no nul")));
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryReadNext(out NetlinkMessage nlmsg));
        Assert.True(NetlinkErrorMessage.TryParse(nlmsg, out NetlinkErrorMessage error));
        Assert.Equal("no nul", Encoding.UTF8.GetString(error.ExtAckMessageUtf8));
    }

    [Fact]
    public void Malformed_errors_are_rejected_not_thrown()
    {
        var capped = NetlinkMessageFlags.Capped;
        var tlvs = NetlinkMessageFlags.Capped | NetlinkMessageFlags.AckTlvs;

        // Too short for error code and request header.
        Assert.False(NetlinkErrorMessage.TryParse(new byte[19], capped, out _));

        // Uncapped, but the request it claims to echo is longer than what is there.
        byte[] payload = new byte[20];
        new NetlinkMessageHeader(100, 0x20, 0, 0, 0).TryWrite(payload.AsSpan(4));
        Assert.False(NetlinkErrorMessage.TryParse(payload, NetlinkMessageFlags.None, out _));

        // Uncapped with an echoed length below a header.
        new NetlinkMessageHeader(8, 0x20, 0, 0, 0).TryWrite(payload.AsSpan(4));
        Assert.False(NetlinkErrorMessage.TryParse(payload, NetlinkMessageFlags.None, out _));

        // An attribute running past the end.
        byte[] withAttr = Payload(BuildError(-22, Request, null, Attr(1, new byte[8])));
        withAttr[20] = 40;
        Assert.False(NetlinkErrorMessage.TryParse(withAttr, tlvs, out _));

        // An attribute length below its own header.
        withAttr[20] = 2;
        Assert.False(NetlinkErrorMessage.TryParse(withAttr, tlvs, out _));

        // A u32 attribute of the wrong size.
        Assert.False(NetlinkErrorMessage.TryParse(Payload(BuildError(-22, Request, null, Attr(2, new byte[2]))), tlvs, out _));

        // Stray bytes too short for an attribute header.
        byte[] stray = Payload(BuildError(-22, Request, null));
        Array.Resize(ref stray, stray.Length + 2);
        Assert.False(NetlinkErrorMessage.TryParse(stray, tlvs, out _));
    }

    [Fact]
    public void Only_nlmsg_error_messages_parse()
    {
        byte[] message = BuildError(0, Request, null);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), NetlinkMessageType.Done);
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryReadNext(out NetlinkMessage nlmsg));
        Assert.False(NetlinkErrorMessage.TryParse(nlmsg, out _));
    }

    private static byte[] Payload(byte[] message) => message.AsSpan(NetlinkMessageHeader.Size).ToArray();

    /// <summary>An NLMSG_ERROR as netlink_ack() lays it out: capped unless a request payload is given.</summary>
    private static byte[] BuildError(int errno, NetlinkMessageHeader request, byte[]? requestPayload, params byte[][] attributes)
    {
        var bytes = new List<byte>(new byte[NetlinkMessageHeader.Size]);
        bytes.AddRange(U32(unchecked((uint)errno)));
        byte[] echoed = new byte[NetlinkMessageHeader.Size];
        request.TryWrite(echoed);
        bytes.AddRange(echoed);
        if (requestPayload is not null)
        {
            bytes.AddRange(requestPayload);
        }

        while (bytes.Count % 4 != 0)
        {
            bytes.Add(0);
        }

        foreach (byte[] attribute in attributes)
        {
            bytes.AddRange(attribute);
        }

        var flags = requestPayload is null ? NetlinkMessageFlags.Capped : NetlinkMessageFlags.None;
        if (attributes.Length > 0)
        {
            flags |= NetlinkMessageFlags.AckTlvs;
        }

        byte[] message = bytes.ToArray();
        new NetlinkMessageHeader((uint)message.Length, NetlinkMessageType.Error, flags, request.Sequence, 1234).TryWrite(message);
        return message;
    }

    private static byte[] Attr(int type, byte[] value)
    {
        byte[] attribute = new byte[(4 + value.Length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), (ushort)type);
        value.CopyTo(attribute, 4);
        return attribute;
    }

    private static byte[] U32(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
