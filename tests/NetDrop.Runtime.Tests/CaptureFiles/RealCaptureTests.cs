using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.Testing;

namespace NetDrop.Tests.Capture;

/// <summary>The reader against the real NET_DM captures, checked field by field against Wireshark's decode.</summary>
public class RealCaptureTests
{
    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Frames_agree_with_tshark(string name)
    {
        IReadOnlyList<TsharkFrame> expected = TestCaptures.Tshark(name);
        using CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath(name));

        Assert.Equal(CaptureFormat.Pcap, reader.Format);
        Assert.Equal(LinkTypes.Netlink, reader.LinkType);
        List<CapturedFrame> frames = TestCaptures.ReadAll(reader);

        Assert.Null(reader.Error);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, frames.Count);
        long offset = PcapBytes.FileHeaderSize;
        for (int i = 0; i < frames.Count; i++)
        {
            CapturedFrame frame = frames[i];
            TsharkFrame tshark = expected[i];
            Assert.Equal(tshark.Number, frame.FrameNumber);
            Assert.Equal(tshark.CapturedLength, frame.Data.Length);
            Assert.Equal(tshark.WireLength, frame.OriginalLength);
            Assert.Equal(tshark.EpochNanoseconds, frame.TimestampNanoseconds);
            Assert.True(frame.HasTimestamp);
            Assert.Equal(LinkTypes.Netlink, frame.LinkType);
            Assert.Equal(offset, frame.FileOffset);
            Assert.Null(frame.DropCount);
            Assert.Empty(frame.CommentUtf8);
            offset += PcapBytes.RecordHeaderSize + frame.Data.Length;
        }

        Assert.Equal(new FileInfo(TestCaptures.PcapPath(name)).Length, offset);
        Assert.False(reader.TryReadNext(out _));
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Every_frame_has_a_generic_netlink_cooked_header(string name)
    {
        IReadOnlyList<TsharkFrame> expected = TestCaptures.Tshark(name);
        using CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath(name));
        int i = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            Assert.True(NetlinkCookedHeader.TryParse(record.Data, out NetlinkCookedHeader header, out ReadOnlySpan<byte> payload));
            Assert.Equal(expected[i].LinkLayerAddressType, header.ArpHardwareType);
            Assert.Equal(expected[i].Family, header.Protocol);
            Assert.Equal(NetlinkCookedHeader.ArphrdNetlink, header.ArpHardwareType);
            Assert.Equal(NetlinkCookedHeader.ProtocolGeneric, header.Protocol);
            Assert.True(header.IsNetlink);
            Assert.Equal(0, header.AddressLength);
            Assert.Equal(0UL, header.Address);

            // nlmon reports kernel-to-user messages as outgoing too.
            Assert.Equal(NetlinkCookedHeader.PacketOutgoing, header.PacketType);
            Assert.Equal(record.Data.Length - NetlinkCookedHeader.Size, payload.Length);
            i++;
        }

        Assert.Equal(expected.Count, i);
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Big_endian_nanosecond_pcap_reads_the_same(string name)
    {
        byte[] original = TestCaptures.PcapBytes(name);
        List<CapturedFrame> expected = TestCaptures.ReadAll(original, out _, out CaptureFileReader littleReader);
        littleReader.Dispose();

        List<CapturedFrame> actual = TestCaptures.ReadAll(PcapBytes.ToBigEndianNanoseconds(original), out CaptureError? error, out CaptureFileReader reader);
        using (reader)
        {
            Assert.Null(error);
            Assert.Equal(CaptureFormat.Pcap, reader.Format);
            Assert.Equal(LinkTypes.Netlink, reader.LinkType);
        }

        AssertSameFrames(expected, actual, compareOffsets: true);
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Same_frames_repacked_as_pcapng_read_the_same(string name)
    {
        byte[] original = TestCaptures.PcapBytes(name);
        List<CapturedFrame> expected = TestCaptures.ReadAll(original, out _, out CaptureFileReader pcapReader);
        pcapReader.Dispose();

        foreach (bool bigEndian in new[] { false, true })
        {
            List<CapturedFrame> actual = TestCaptures.ReadAll(PcapBytes.ToPcapNg(original, bigEndian), out CaptureError? error, out CaptureFileReader reader);
            using (reader)
            {
                Assert.Null(error);
                Assert.Equal(CaptureFormat.PcapNg, reader.Format);
                Assert.Equal(LinkTypes.Netlink, reader.LinkType);
            }

            AssertSameFrames(expected, actual, compareOffsets: false);
        }
    }

    [Fact]
    public void Reads_from_a_stream_that_cannot_seek()
    {
        byte[] original = TestCaptures.PcapBytes("netdm-summary");
        using var reader = CaptureFileReader.Open(new NonSeekableStream(original));
        List<CapturedFrame> frames = TestCaptures.ReadAll(reader);
        Assert.Null(reader.Error);
        Assert.Equal(PcapBytes.RecordOffsets(original).Count - 1, frames.Count);
    }

    [Fact]
    public void Leave_open_keeps_the_stream_usable()
    {
        var stream = new MemoryStream(TestCaptures.PcapBytes("netdm-summary"));
        using (CaptureFileReader.Open(stream, leaveOpen: true))
        {
        }

        Assert.True(stream.CanRead);
        using (CaptureFileReader.Open(stream))
        {
        }

        Assert.False(stream.CanRead);
    }

    internal static void AssertSameFrames(List<CapturedFrame> expected, List<CapturedFrame> actual, bool compareOffsets)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].FrameNumber, actual[i].FrameNumber);
            Assert.Equal(expected[i].TimestampNanoseconds, actual[i].TimestampNanoseconds);
            Assert.Equal(expected[i].OriginalLength, actual[i].OriginalLength);
            Assert.Equal(expected[i].LinkType, actual[i].LinkType);
            Assert.Equal(expected[i].Data, actual[i].Data);
            if (compareOffsets)
            {
                Assert.Equal(expected[i].FileOffset, actual[i].FileOffset);
            }
        }
    }
}
