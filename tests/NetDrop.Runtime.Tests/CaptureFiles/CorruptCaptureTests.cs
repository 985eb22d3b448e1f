using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using NetDrop.CaptureFiles;

namespace NetDrop.Tests.Capture;

/// <summary>Damaged pcap files: every failure is a value naming the frame and offset, never an exception.</summary>
public class CorruptCaptureTests
{
    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Truncation_at_every_offset_keeps_earlier_frames_and_names_the_frame(string name)
    {
        byte[] original = TestCaptures.PcapBytes(name);
        List<long> boundaries = PcapBytes.RecordOffsets(original);
        List<CapturedFrame> all = TestCaptures.ReadAll(original, out _, out CaptureFileReader fullReader);
        fullReader.Dispose();

        for (int cut = 0; cut < original.Length; cut++)
        {
            using var reader = CaptureFileReader.Open(new MemoryStream(original, 0, cut, writable: false));
            List<CapturedFrame> frames = TestCaptures.ReadAll(reader);

            if (cut < PcapBytes.FileHeaderSize)
            {
                Assert.Empty(frames);
                Assert.NotNull(reader.Error);
                Assert.Equal(1, reader.Error!.FrameNumber);
                Assert.Equal(0, reader.Error.Offset);
                Assert.StartsWith("file header at offset 0: ", reader.Error.Message, StringComparison.Ordinal);
                continue;
            }

            // Frames wholly inside the cut survive; the first one the cut goes through is the error.
            int complete = 0;
            while (boundaries[complete + 1] <= cut)
            {
                complete++;
            }

            RealCaptureTests.AssertSameFrames(all.GetRange(0, complete), frames, compareOffsets: true);

            if (cut == boundaries[complete])
            {
                Assert.Null(reader.Error);
                continue;
            }

            CaptureError error = Assert.IsType<CaptureError>(reader.Error);
            Assert.Equal(complete + 1, error.FrameNumber);
            Assert.Equal(boundaries[complete], error.Offset);
            Assert.StartsWith($"frame {complete + 1} at offset {boundaries[complete]}: ", error.Message, StringComparison.Ordinal);
            Assert.EndsWith("(file truncated)", error.Message, StringComparison.Ordinal);
            Assert.False(reader.TryReadNext(out _));
        }
    }

    [Fact]
    public void Truncated_record_data_says_how_much_was_promised_and_how_much_remains()
    {
        byte[] original = TestCaptures.PcapBytes("netdm-packet");

        // Frame 2 starts at 88 and holds 212 bytes; keep its header and 100 bytes of its data.
        byte[] cut = original.AsSpan(0, 88 + 16 + 100).ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(cut, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();

        Assert.Single(frames);
        Assert.Equal("frame 2 at offset 88: record says 212 bytes captured but only 100 remain (file truncated)", error!.Message);
        Assert.Equal("frame 2 at offset 88: record says 212 bytes captured but only 100 remain (file truncated)", error.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_damaged_magic_is_reported_not_thrown(int index)
    {
        byte[] bytes = TestCaptures.PcapBytes("netdm-summary");
        bytes[index] ^= 0xFF;
        List<CapturedFrame> frames = TestCaptures.ReadAll(bytes, out CaptureError? error, out CaptureFileReader reader);
        using (reader)
        {
            Assert.Equal(CaptureFormat.Unknown, reader.Format);
            Assert.Equal(-1, reader.LinkType);
        }

        Assert.Empty(frames);
        Assert.NotNull(error);
        Assert.Equal(0, error!.Offset);
        string magic = Convert.ToHexString(bytes.AsSpan(0, 4)).ToLowerInvariant();
        Assert.Equal($"file header at offset 0: not a pcap or pcapng file: magic 0x{magic}", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_not_a_clean_end()
    {
        List<CapturedFrame> frames = TestCaptures.ReadAll(Array.Empty<byte>(), out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();
        Assert.Empty(frames);
        Assert.Contains("0 bytes", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_records_is_a_clean_empty_capture()
    {
        byte[] header = TestCaptures.PcapBytes("netdm-summary").AsSpan(0, PcapBytes.FileHeaderSize).ToArray();
        List<CapturedFrame> frames = TestCaptures.ReadAll(header, out CaptureError? error, out CaptureFileReader reader);
        using (reader)
        {
            Assert.Equal(LinkTypes.Netlink, reader.LinkType);
        }

        Assert.Empty(frames);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(256u * 1024 + 1)]
    public void An_absurd_captured_length_is_an_error_not_an_allocation(uint capturedLength)
    {
        byte[] bytes = TestCaptures.PcapBytes("netdm-packet");

        // Frame 3's record header is at 316.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(316 + 8), capturedLength);
        List<CapturedFrame> frames = TestCaptures.ReadAll(bytes, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();

        Assert.Equal(2, frames.Count);
        Assert.Equal(3, error!.FrameNumber);
        Assert.Equal(316, error.Offset);
        Assert.Equal($"frame 3 at offset 316: record says {capturedLength} bytes captured, more than the 262144-byte limit (corrupt length)", error.Message);
    }

    [Fact]
    public void A_captured_length_above_the_snapshot_length_is_an_error()
    {
        byte[] bytes = TestCaptures.PcapBytes("netdm-packet");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 100);
        List<CapturedFrame> frames = TestCaptures.ReadAll(bytes, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();

        // Frame 1 is 48 bytes; frame 2 is 212.
        Assert.Single(frames);
        Assert.Equal("frame 2 at offset 88: record says 212 bytes captured but the file's snapshot length is 100 (corrupt length)", error!.Message);
    }

    [Fact]
    public void An_unknown_pcap_major_version_is_an_error()
    {
        byte[] bytes = TestCaptures.PcapBytes("netdm-packet");
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 3);
        List<CapturedFrame> frames = TestCaptures.ReadAll(bytes, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();

        Assert.Empty(frames);
        Assert.Equal("file header at offset 0: unsupported pcap version 3.4 (only 2.x exists)", error!.Message);
    }

    [Fact]
    public void Garbage_after_the_last_frame_is_reported_against_the_next_frame()
    {
        byte[] original = TestCaptures.PcapBytes("netdm-summary");
        byte[] bytes = new byte[original.Length + 5];
        original.CopyTo(bytes, 0);
        List<CapturedFrame> frames = TestCaptures.ReadAll(bytes, out CaptureError? error, out CaptureFileReader reader);
        reader.Dispose();

        Assert.Equal(18, frames.Count);
        Assert.Equal($"frame 19 at offset {original.Length}: record header needs 16 bytes but only 5 remain (file truncated)", error!.Message);
    }

    [Fact]
    public void Random_damage_never_throws()
    {
        byte[] original = TestCaptures.PcapBytes("netdm-packet");
        var random = new Random(1234);
        for (int round = 0; round < 2000; round++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = random.Next(1, 8);
            for (int i = 0; i < flips; i++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            using var reader = CaptureFileReader.Open(new MemoryStream(bytes));
            int count = 0;
            while (reader.TryReadNext(out CapturedRecord record))
            {
                Assert.Equal(++count, record.FrameNumber);
            }

            Assert.True(reader.Error is null || reader.Error.FrameNumber == count + 1);
        }
    }

    [Fact]
    public void Reading_after_dispose_throws_object_disposed()
    {
        CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath("netdm-summary"));
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.TryReadNext(out _));
    }
}
