using NetDrop.Netlink.Generic;
using System;
using NetDrop.Netlink;

namespace NetDrop.Tests.Netlink;

public class NetlinkHeaderTests
{
    [Fact]
    public void Nlmsghdr_is_little_endian_and_round_trips()
    {
        // Frame 1 of netdm-packet.pcap after its cooked header.
        byte[] bytes = { 0x20, 0, 0, 0, 0x10, 0, 0x05, 0, 0x96, 0x4a, 0x02, 0x6b, 0x9b, 0x00, 0x00, 0xc8 };
        Assert.True(NetlinkMessageHeader.TryRead(bytes, out NetlinkMessageHeader header));
        Assert.Equal(32u, header.Length);
        Assert.Equal(NetlinkMessageType.GenericControl, header.Type);
        Assert.Equal(NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, header.Flags);
        Assert.Equal(1795312278u, header.Sequence);
        Assert.Equal(3355443355u, header.PortId);

        byte[] written = new byte[16];
        Assert.True(header.TryWrite(written));
        Assert.Equal(bytes, written);

        Assert.False(NetlinkMessageHeader.TryRead(bytes.AsSpan(0, 15), out _));
        Assert.False(header.TryWrite(new byte[15]));
    }

    [Fact]
    public void Flag_values_match_the_kernel()
    {
        Assert.Equal(0x300, (int)NetlinkMessageFlags.Dump);
        Assert.Equal(NetlinkMessageFlags.Root, NetlinkMessageFlags.Capped);
        Assert.Equal(NetlinkMessageFlags.Match, NetlinkMessageFlags.AckTlvs);
        Assert.Equal(0x400, (int)NetlinkMessageFlags.Atomic);
        Assert.Equal(0x20, (int)NetlinkMessageFlags.DumpFiltered);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 4)]
    [InlineData(16, 16)]
    [InlineData(17, 20)]
    [InlineData(21, 24)]
    public void Align_rounds_up_to_4(int length, int aligned)
    {
        Assert.Equal(aligned, NetlinkMessageHeader.Align(length));
    }

    [Fact]
    public void Genlmsghdr_parses_and_leaves_the_attributes()
    {
        byte[] payload = { 0x03, 0x01, 0x00, 0x00, 0x0b, 0x00, 0x02, 0x00 };
        Assert.True(GenericNetlinkHeader.TryParse(payload, out GenericNetlinkHeader header, out ReadOnlySpan<byte> attributes));
        Assert.Equal(3, header.Command);
        Assert.Equal(1, header.Version);
        Assert.Equal(4, attributes.Length);
        Assert.Equal(0x0b, attributes[0]);

        byte[] written = new byte[4];
        Assert.True(new GenericNetlinkHeader(3, 1).TryWrite(written));
        Assert.Equal(payload.AsSpan(0, 4).ToArray(), written);

        Assert.False(GenericNetlinkHeader.TryParse(new byte[3], out _, out _));
        Assert.False(new GenericNetlinkHeader(1, 1).TryWrite(new byte[3]));
    }
}
