using System;
using NetDrop.CaptureFiles;

namespace NetDrop.Tests.Capture;

public class NetlinkCookedHeaderTests
{
    [Fact]
    public void Fields_are_big_endian_as_in_frame_1_of_the_packet_capture()
    {
        // The first 16 bytes of frame 1 of netdm-packet.pcap, which tshark decodes as
        // "Link-layer address type: Netlink (824)" and "Family: Generic (0x0010)".
        byte[] frame =
        {
            0x00, 0x04, 0x03, 0x38, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
            0x20, 0x00, 0x00, 0x00,
        };

        Assert.True(NetlinkCookedHeader.TryParse(frame, out NetlinkCookedHeader header, out ReadOnlySpan<byte> payload));
        Assert.Equal(4, header.PacketType);
        Assert.Equal(824, header.ArpHardwareType);
        Assert.Equal(0, header.AddressLength);
        Assert.Equal(16, header.Protocol);
        Assert.Equal(new byte[] { 0x20, 0, 0, 0 }, payload.ToArray());

        using CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath("netdm-packet"));
        Assert.True(reader.TryReadNext(out CapturedRecord record));
        Assert.Equal(frame.AsSpan(0, 16).ToArray(), record.Data[..16].ToArray());
    }

    [Fact]
    public void Address_bytes_are_read_first_byte_most_significant()
    {
        byte[] frame = { 0, 0, 0, 1, 0, 6, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0, 0, 0x08, 0x00 };
        Assert.True(NetlinkCookedHeader.TryParse(frame, out NetlinkCookedHeader header, out ReadOnlySpan<byte> payload));
        Assert.Equal(0xaabbccddeeff0000UL, header.Address);
        Assert.Equal(6, header.AddressLength);
        Assert.False(header.IsNetlink);
        Assert.True(payload.IsEmpty);
    }

    [Fact]
    public void Short_frames_and_impossible_address_lengths_are_rejected()
    {
        Assert.False(NetlinkCookedHeader.TryParse(new byte[15], out _, out _));
        byte[] frame = new byte[16];
        frame[5] = 9;
        Assert.False(NetlinkCookedHeader.TryParse(frame, out _, out _));
    }
}
