using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.Testing;

namespace NetDrop.Tests.Capture;

/// <summary>pcapng files written by hand: options, resolutions, byte orders, sections, and damage.</summary>
public class PcapNgTests
{
    // 2026-11-22T01:51:18.698936Z, the first frame of netdm-packet.pcap.
    private const ulong Seconds = 1795312278;
    private const ulong Micros = 698936;
    private const long ExpectedNanoseconds = 1795312278_698936000;

    private static readonly byte[] Frame = FirstFrame();

    [Fact]
    public void Hand_written_pcapng_round_trips()
    {
        var builder = new PcapNgBuilder()
            .Section()
            .Interface(LinkTypes.Netlink, snapLength: 262144, tsresol: 6);
        int firstOffset = builder.Length;
        builder.Enhanced(0, Seconds * 1_000_000 + Micros, Frame, originalLength: 60, dropCount: 7, comment: "first drop");
        int secondOffset = builder.Length;
        byte[] file = builder.Enhanced(0, Seconds * 1_000_000 + Micros + 1, Frame).ToArray();

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        using (reader)
        {
            Assert.Equal(CaptureFormat.PcapNg, reader.Format);
            Assert.Equal(LinkTypes.Netlink, reader.LinkType);
        }

        Assert.Null(error);
        Assert.Equal(2, frames.Count);

        CapturedFrame first = frames[0];
        Assert.Equal(1, first.FrameNumber);
        Assert.Equal(LinkTypes.Netlink, first.LinkType);
        Assert.Equal(ExpectedNanoseconds, first.TimestampNanoseconds);
        Assert.Equal(60, first.OriginalLength);
        Assert.Equal(Frame, first.Data);
        Assert.Equal(7UL, first.DropCount);
        Assert.Equal("first drop", Encoding.UTF8.GetString(first.CommentUtf8));

        CapturedFrame second = frames[1];
        Assert.Equal(2, second.FrameNumber);
        Assert.Equal(ExpectedNanoseconds + 1000, second.TimestampNanoseconds);
        Assert.Null(second.DropCount);
        Assert.Empty(second.CommentUtf8);
        Assert.Equal(firstOffset, first.FileOffset);
        Assert.Equal(secondOffset, second.FileOffset);
    }

    [Fact]
    public void Only_the_first_comment_is_kept_and_unknown_options_are_ignored()
    {
        byte[] file = new PcapNgBuilder()
            .Section()
            .Interface(LinkTypes.Netlink)
            .Enhanced(0, 0, Frame, comment: "one", extraOptions: new[] { ((ushort)1, Encoding.UTF8.GetBytes("two")), ((ushort)0x8001, new byte[] { 1, 2, 3 }) })
            .ToArray();

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Null(error);
        Assert.Equal("one", Encoding.UTF8.GetString(Assert.Single(frames).CommentUtf8));
    }

    [Theory]
    [InlineData(null, Seconds * 1_000_000 + Micros, ExpectedNanoseconds)]
    [InlineData((byte)6, Seconds * 1_000_000 + Micros, ExpectedNanoseconds)]
    [InlineData((byte)9, Seconds * 1_000_000_000 + Micros * 1000 + 123, ExpectedNanoseconds + 123)]
    [InlineData((byte)3, Seconds * 1000 + 698, 1795312278_698000000L)]
    [InlineData((byte)12, 1_000_000_123_456_789UL, 1_000_000_123_456L)]
    [InlineData((byte)0x80, Seconds, 1795312278_000000000L)]
    [InlineData((byte)0x81, Seconds * 2 + 1, 1795312278_500000000L)]
    [InlineData((byte)0x94, (Seconds << 20) + (1 << 19), 1795312278_500000000L)]
    public void Timestamps_follow_if_tsresol(byte? tsresol, ulong ticks, long expected)
    {
        byte[] file = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink, tsresol: tsresol).Enhanced(0, ticks, Frame).ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Null(error);
        Assert.Equal(expected, Assert.Single(frames).TimestampNanoseconds);
    }

    [Fact]
    public void If_tsoffset_is_added_in_seconds()
    {
        byte[] file = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink, tsoffset: (long)Seconds).Enhanced(0, Micros, Frame).ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Null(error);
        Assert.Equal(ExpectedNanoseconds, Assert.Single(frames).TimestampNanoseconds);
    }

    [Fact]
    public void A_timestamp_beyond_64_bit_nanoseconds_is_an_error()
    {
        byte[] file = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink, tsresol: 0).Enhanced(0, ulong.MaxValue, Frame).ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.Contains("does not fit in 64-bit nanoseconds", error!.Message, StringComparison.Ordinal);
        Assert.StartsWith("frame 1 at offset ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_may_change_byte_order_and_restart_interface_ids()
    {
        byte[] file = new PcapNgBuilder()
            .Section(bigEndian: false)
            .Interface(LinkTypes.Netlink)
            .Interface(LinkTypes.Ethernet)
            .Enhanced(1, 1_000_000, new byte[] { 1, 2, 3 })
            .Enhanced(0, 2_000_000, Frame)
            .Section(bigEndian: true)
            .Interface(LinkTypes.LinuxSll2, tsresol: 9)
            .Enhanced(0, 3_000_000_000, new byte[] { 4, 5, 6, 7, 8 })
            .ToArray();

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        using (reader)
        {
            Assert.Equal(LinkTypes.Netlink, reader.LinkType);
        }

        Assert.Null(error);
        Assert.Equal(3, frames.Count);
        Assert.Equal((1, LinkTypes.Ethernet, 1_000_000_000L), (frames[0].InterfaceId, frames[0].LinkType, frames[0].TimestampNanoseconds));
        Assert.Equal((0, LinkTypes.Netlink, 2_000_000_000L), (frames[1].InterfaceId, frames[1].LinkType, frames[1].TimestampNanoseconds));
        Assert.Equal((0, LinkTypes.LinuxSll2, 3_000_000_000L), (frames[2].InterfaceId, frames[2].LinkType, frames[2].TimestampNanoseconds));
        Assert.Equal(new byte[] { 4, 5, 6, 7, 8 }, frames[2].Data);
        Assert.Equal(new[] { 1, 2, 3 }, new[] { frames[0].FrameNumber, frames[1].FrameNumber, frames[2].FrameNumber });
    }

    [Fact]
    public void Interface_ids_from_an_earlier_section_are_forgotten()
    {
        byte[] file = new PcapNgBuilder()
            .Section()
            .Interface(LinkTypes.Netlink)
            .Interface(LinkTypes.Netlink)
            .Section()
            .Interface(LinkTypes.Netlink)
            .Enhanced(1, 0, Frame)
            .ToArray();

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.EndsWith("packet refers to interface 1 but its section defines 1", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simple_and_obsolete_packet_blocks_are_frames_too()
    {
        byte[] file = new PcapNgBuilder()
            .Section()
            .Interface(LinkTypes.Netlink, snapLength: 40)
            .Simple(Frame.AsSpan(0, 40).ToArray(), originalLength: (uint)Frame.Length)
            .Obsolete(0, drops: 3, Seconds * 1_000_000 + Micros, Frame.AsSpan(0, 36).ToArray())
            .Obsolete(0, drops: 0xFFFF, 0, Frame.AsSpan(0, 36).ToArray())
            .ToArray();

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Null(error);
        Assert.Equal(3, frames.Count);

        Assert.False(frames[0].HasTimestamp);
        Assert.Equal(0, frames[0].TimestampNanoseconds);
        Assert.Equal(40, frames[0].Data.Length);
        Assert.Equal(Frame.Length, frames[0].OriginalLength);

        Assert.True(frames[1].HasTimestamp);
        Assert.Equal(ExpectedNanoseconds, frames[1].TimestampNanoseconds);
        Assert.Equal(3UL, frames[1].DropCount);
        Assert.Null(frames[2].DropCount);
    }

    [Fact]
    public void Unknown_blocks_are_skipped_whether_or_not_the_stream_seeks()
    {
        byte[] file = new PcapNgBuilder()
            .Section()
            .Block(PcapNgBuilder.NameResolutionType, new byte[20])
            .Interface(LinkTypes.Netlink)
            .Block(0x40000BAD, new byte[5000])
            .Enhanced(0, 0, Frame)
            .Block(PcapNgBuilder.InterfaceStatisticsType, new byte[24])
            .Enhanced(0, 1, Frame)
            .ToArray();

        foreach (Stream stream in new Stream[] { new MemoryStream(file), new NonSeekableStream(file) })
        {
            using var reader = CaptureFileReader.Open(stream);
            Assert.Equal(LinkTypes.Netlink, reader.LinkType);
            List<CapturedFrame> frames = TestCaptures.ReadAll(reader);
            Assert.Null(reader.Error);
            Assert.Equal(2, frames.Count);
            Assert.Equal(Frame, frames[1].Data);
        }
    }

    [Fact]
    public void A_file_with_only_a_section_header_is_empty_and_has_no_link_type()
    {
        byte[] file = new PcapNgBuilder().Section().ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        using (reader)
        {
            Assert.Equal(CaptureFormat.PcapNg, reader.Format);
            Assert.Equal(-1, reader.LinkType);
        }

        Assert.Empty(frames);
        Assert.Null(error);
    }

    [Fact]
    public void Truncation_at_every_offset_keeps_earlier_frames()
    {
        var builder = new PcapNgBuilder().Section();
        var cleanCuts = new HashSet<int> { builder.Length };
        builder.Interface(LinkTypes.Netlink);
        cleanCuts.Add(builder.Length);
        var frameEnds = new List<int>();
        var frameStarts = new List<int>();
        for (int i = 0; i < 4; i++)
        {
            frameStarts.Add(builder.Length);
            builder.Enhanced(0, (ulong)i, Frame, dropCount: (ulong)i, comment: "c" + i);
            frameEnds.Add(builder.Length);
        }

        byte[] file = builder.ToArray();
        for (int cut = 0; cut < file.Length; cut++)
        {
            using var reader = CaptureFileReader.Open(new MemoryStream(file, 0, cut, writable: false));
            List<CapturedFrame> frames = TestCaptures.ReadAll(reader);
            int complete = frameEnds.FindAll(end => end <= cut).Count;
            Assert.Equal(complete, frames.Count);
            for (int i = 0; i < complete; i++)
            {
                Assert.Equal(Frame, frames[i].Data);
                Assert.Equal((ulong)i, frames[i].DropCount);
            }

            if (cleanCuts.Contains(cut) || frameEnds.Contains(cut))
            {
                Assert.Null(reader.Error);
                continue;
            }

            CaptureError error = Assert.IsType<CaptureError>(reader.Error);
            Assert.Equal(complete + 1, error.FrameNumber);
            if (cut >= 4)
            {
                Assert.EndsWith("(file truncated)", error.Message, StringComparison.Ordinal);
            }

            if (cut > frameStarts[0])
            {
                Assert.Equal(frameStarts[complete], error.Offset);
                // Cut inside the type field, the block cannot be told apart from any other kind.
                string prefix = cut - frameStarts[complete] < 4
                    ? $"block at offset {frameStarts[complete]} (before frame {complete + 1}): "
                    : $"frame {complete + 1} at offset {frameStarts[complete]}: ";
                Assert.StartsWith(prefix, error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_block_length_that_is_not_a_multiple_of_4_is_an_error()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink);
        int offset = builder.Length;
        byte[] file = builder.Enhanced(0, 0, Frame).ToArray();
        file[offset + 4] += 2;

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.Equal(1, error!.FrameNumber);
        Assert.Equal(offset, error.Offset);
        Assert.Equal($"frame 1 at offset {offset}: block length {BitConverter.ToUInt32(file, offset + 4)} is not a multiple of 4", error.Message);
    }

    [Fact]
    public void A_trailing_length_that_differs_from_the_leading_one_is_an_error()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink).Enhanced(0, 0, Frame);
        int offset = builder.Length;
        byte[] file = builder.Enhanced(0, 0, Frame).ToArray();
        file[^4] += 4;

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Single(frames);
        uint length = BitConverter.ToUInt32(file, offset + 4);
        Assert.Equal($"frame 2 at offset {offset}: trailing block length {length + 4} does not match the leading {length}", error!.Message);
    }

    [Fact]
    public void A_trailing_length_mismatch_in_a_skipped_block_is_an_error()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink);
        int offset = builder.Length;
        byte[] file = builder.Block(PcapNgBuilder.NameResolutionType, new byte[8]).Enhanced(0, 0, Frame).ToArray();
        file[offset + 16] = 0x99;

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.Equal($"block of type 0x00000004 at offset {offset} (before frame 1): trailing block length 153 does not match the leading 20", error!.Message);
    }

    [Fact]
    public void An_oversized_block_is_an_error_not_an_allocation()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink);
        int offset = builder.Length;
        byte[] file = builder.Enhanced(0, 0, Frame).ToArray();
        BitConverter.TryWriteBytes(file.AsSpan(offset + 4), 0x7FFFFFF0u);

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.Contains("(corrupt length)", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_captured_length_beyond_the_block_is_an_error()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink);
        int offset = builder.Length;
        byte[] file = builder.Enhanced(0, 0, Frame).ToArray();
        BitConverter.TryWriteBytes(file.AsSpan(offset + 20), 1000u);

        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.StartsWith($"frame 1 at offset {offset}: block says 1000 bytes captured but the", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_packet_before_any_interface_is_an_error()
    {
        byte[] file = new PcapNgBuilder().Section().Enhanced(0, 0, Frame).ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.EndsWith("packet refers to interface 0 but its section defines 0", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_byte_order_magic_is_an_error()
    {
        byte[] file = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink).ToArray();
        file[8] = 0;
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        using (reader)
        {
            Assert.Equal(-1, reader.LinkType);
        }

        Assert.Empty(frames);
        Assert.Equal("section header block at offset 0 (before frame 1): byte-order magic 0x003c2b1a is not 0x1a2b3c4d in either byte order", error!.Message);
    }

    [Fact]
    public void An_unsupported_pcapng_version_is_an_error()
    {
        byte[] file = new PcapNgBuilder().Section(major: 2).Interface(LinkTypes.Netlink).ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.EndsWith("unsupported pcapng version 2.0", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_running_past_its_block_is_an_error()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink);
        int offset = builder.Length;
        byte[] file = builder.Enhanced(0, 0, Frame, comment: "abcd").ToArray();

        // The comment's length field follows its code, right after the 28-byte packet header and the padded data.
        int optionLength = offset + 28 + ((Frame.Length + 3) & ~3) + 2;
        file[optionLength] = 200;
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.Equal($"frame 1 at offset {offset}: option 1 says 200 bytes but only 8 remain in the block", error!.Message);
    }

    [Theory]
    [InlineData((byte)20)]
    [InlineData((byte)(0x80 | 64))]
    public void An_impossible_if_tsresol_is_an_error(byte tsresol)
    {
        byte[] file = new PcapNgBuilder().Section().Interface(LinkTypes.Netlink, tsresol: tsresol).Enhanced(0, 0, Frame).ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(file, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.StartsWith("interface description block at offset 48 (before frame 1): if_tsresol", error!.Message, StringComparison.Ordinal);
    }

    private static byte[] FirstFrame()
    {
        using CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath("netdm-packet"));
        Assert.True(reader.TryReadNext(out CapturedRecord record));
        return record.Data.ToArray();
    }
}
