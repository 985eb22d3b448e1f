using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.Packet;

namespace NetDrop.Tests.Capture;

/// <summary>PcapNgWriter: what it writes reads back through CaptureFileReader and tshark, whole blocks at a time, without allocating per packet.</summary>
public sealed class PcapNgWriterTests : IDisposable
{
    private const long Start = 1_765_000_000_123_456_789;

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-pcapng-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Frames_gaps_flags_comments_and_statistics_read_back_as_written()
    {
        var flags = PcapNgPacketFlags.FromPacketSocket(TpStatus.User | TpStatus.CsumValid, PacketType.Host);
        using var file = new MemoryStream();
        using (var writer = new PcapNgWriter(file, leaveOpen: true))
        {
            int eth = writer.AddInterface("veth0", LinkTypes.Ethernet, snapLength: 128, description: "the capture side");
            int raw = writer.AddInterface("wg0", LinkTypes.Raw);
            writer.WritePacket(eth, Start, NetDrop.Tests.Frames.TestFrames.TestFrame(60), originalLength: 60);
            writer.WritePacket(eth, Start + 1_000, NetDrop.Tests.Frames.TestFrames.TestFrame(200), originalLength: 200, dropCount: 40, flags: flags, comment: "forty lost before this one");
            writer.WritePacket(raw, Start + 2_000, NetDrop.Tests.Frames.TestFrames.TestFrame(28), comment: "réseau ✓");
            writer.WriteStatistics(eth, new PcapNgStatistics
            {
                StartNanoseconds = Start - 5,
                EndNanoseconds = Start + 9_999,
                InterfaceReceived = 1_000,
                InterfaceDropped = 3,
                FilterAccepted = 42,
                OsDropped = 40,
                UserDelivered = 2,
                Comment = "from PACKET_STATISTICS",
            });
        }

        file.Position = 0;
        using CaptureFileReader reader = CaptureFileReader.Open(file);
        Assert.Equal(CaptureFormat.PcapNg, reader.Format);

        Assert.True(reader.TryReadNext(out CapturedRecord first));
        Assert.Equal("veth0", first.Interface.Name);
        Assert.Equal("the capture side", first.Interface.Description);
        Assert.Equal(LinkTypes.Ethernet, first.LinkType);
        Assert.Equal(128u, first.Interface.SnapLength);
        Assert.Equal(1_000_000_000UL, first.Interface.TicksPerSecond);
        Assert.Equal(Start, first.TimestampNanoseconds);
        Assert.Equal(NetDrop.Tests.Frames.TestFrames.TestFrame(60), first.Data.ToArray());
        Assert.Null(first.DropCount);
        Assert.Null(first.Flags);
        Assert.True(first.CommentUtf8.IsEmpty);

        Assert.True(reader.TryReadNext(out CapturedRecord second));
        Assert.Equal(NetDrop.Tests.Frames.TestFrames.TestFrame(200)[..128], second.Data.ToArray());
        Assert.Equal(200, second.OriginalLength);
        Assert.Equal(40UL, second.DropCount);
        Assert.Equal(flags, second.Flags);
        Assert.Equal(PcapNgDirection.Inbound, second.Flags!.Value.Direction);
        Assert.Equal(PcapNgReceptionType.Unicast, second.Flags!.Value.ReceptionType);
        Assert.True(second.Flags!.Value.ChecksumValid);
        Assert.Equal("forty lost before this one", Encoding.UTF8.GetString(second.CommentUtf8));

        Assert.True(reader.TryReadNext(out CapturedRecord third));
        Assert.Equal("wg0", third.Interface.Name);
        Assert.Equal(LinkTypes.Raw, third.LinkType);
        Assert.Equal(1, third.InterfaceId);
        Assert.Equal("réseau ✓", Encoding.UTF8.GetString(third.CommentUtf8));

        Assert.False(reader.TryReadNext(out _));
        Assert.Null(reader.Error);
        Assert.Equal(2, reader.Statistics.Count);
        CaptureStatistics eth0 = reader.Statistics[0];
        Assert.Equal("veth0", eth0.Interface.Name);
        Assert.Equal(Start + 9_999, eth0.TimestampNanoseconds);
        Assert.Equal(
            new PcapNgStatistics
            {
                StartNanoseconds = Start - 5,
                EndNanoseconds = Start + 9_999,
                InterfaceReceived = 1_000,
                InterfaceDropped = 3,
                FilterAccepted = 42,
                OsDropped = 40,
                UserDelivered = 2,
                Comment = "from PACKET_STATISTICS",
            },
            eth0.Counters);

        // The interface without statistics of its own gets what the writer counted when it closed.
        CaptureStatistics wg0 = reader.Statistics[1];
        Assert.Equal("wg0", wg0.Interface.Name);
        Assert.Equal(new PcapNgStatistics { StartNanoseconds = Start + 2_000, EndNanoseconds = Start + 2_000, UserDelivered = 1 }, wg0.Counters);
    }

    [Theory]
    [InlineData(TpStatus.User, PacketType.Host, 0x1 | 1 << 2)]
    [InlineData(TpStatus.User | TpStatus.CsumValid, PacketType.Broadcast, 0x1 | 3 << 2 | 1 << 10)]
    [InlineData(TpStatus.User | TpStatus.Csumnotready | TpStatus.GsoTcp, PacketType.Outgoing, 0x2 | 1 << 9 | 1 << 11)]
    [InlineData(TpStatus.User | TpStatus.Losing | TpStatus.VlanValid, PacketType.Multicast, 0x1 | 2 << 2)]
    [InlineData(TpStatus.User, PacketType.Otherhost, 0x1 | 4 << 2)]
    public void Packet_socket_status_maps_to_the_pcapng_flag_bits(TpStatus status, PacketType type, uint expected)
    {
        Assert.Equal(expected, PcapNgPacketFlags.FromPacketSocket(status, type).Value);
    }

    [TsharkFact]
    public void Tshark_reads_the_file_without_warnings_and_shows_gaps_comments_and_flags()
    {
        string path = Path.Combine(_directory, "gaps.pcapng");
        var flags = PcapNgPacketFlags.FromPacketSocket(TpStatus.User | TpStatus.CsumValid, PacketType.Host);
        using (PcapNgWriter writer = PcapNgWriter.Create(path))
        {
            int eth = writer.AddInterface("veth0", LinkTypes.Ethernet, snapLength: 262144);
            int raw = writer.AddInterface("wg0", LinkTypes.Raw);
            for (int i = 0; i < 10; i++)
            {
                ulong gap = i == 3 ? 40UL : i == 7 ? 1UL : 0;
                writer.WritePacket(eth, Start + i * 1_000, NetDrop.Tests.Frames.TestFrames.TestFrame(60 + i), originalLength: 60 + i, dropCount: gap, flags: flags,
                    comment: i % 4 == 1 ? $"comment {i}" : default);
            }

            writer.WritePacket(raw, Start + 20_000, NetDrop.Tests.Frames.TestFrames.TestFrame(42)[14..], comment: "a raw IPv4 packet");
            writer.WriteStatistics(eth, new PcapNgStatistics { StartNanoseconds = Start, EndNanoseconds = Start + 30_000, FilterAccepted = 51, OsDropped = 41, UserDelivered = 10 });
        }

        Assert.Empty(Tshark.Problems(path));
        List<string[]> rows = Tshark.Fields(path, "frame.number", "frame.drop_count", "frame.comment", "frame.packet_flags", "frame.interface_name", "frame.time_epoch", "ip.dst");
        Assert.Equal(11, rows.Count);
        for (int i = 0; i < 10; i++)
        {
            string[] row = rows[i];
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(i == 3 ? "40" : i == 7 ? "1" : "", row[1]);
            Assert.Equal(i % 4 == 1 ? $"comment {i}" : "", row[2]);
            Assert.Equal("0x00000405", row[3]);
            Assert.Equal("veth0", row[4]);
            Assert.Equal(Seconds(Start + i * 1_000), row[5]);
            Assert.Equal("192.0.2.2", row[6]);
        }

        Assert.Equal(["11", "", "a raw IPv4 packet", "", "wg0", Seconds(Start + 20_000), "192.0.2.2"], rows[10]);
    }

    [Fact]
    public void A_file_cut_anywhere_keeps_every_whole_packet_before_the_cut()
    {
        using var file = new MemoryStream();
        var packetEnds = new List<long>();
        using (var writer = new PcapNgWriter(file, leaveOpen: true))
        {
            int id = writer.AddInterface("veth0", LinkTypes.Ethernet);
            for (int i = 0; i < 5; i++)
            {
                writer.WritePacket(id, Start + i, NetDrop.Tests.Frames.TestFrames.TestFrame(40 + i * 7), dropCount: (ulong)i, comment: i % 2 == 0 ? "even" : default);
                writer.Flush();
                packetEnds.Add(file.Length);
            }
        }

        byte[] whole = file.ToArray();
        HashSet<int> boundaries = BlockEnds(whole);
        for (int cut = 0; cut <= whole.Length; cut++)
        {
            using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(whole, 0, cut));
            int frames = 0;
            while (reader.TryReadNext(out CapturedRecord record))
            {
                Assert.Equal(NetDrop.Tests.Frames.TestFrames.TestFrame(40 + frames * 7), record.Data.ToArray());
                Assert.Equal(frames == 0 ? null : (ulong)frames, record.DropCount);
                frames++;
            }

            int expected = packetEnds.Count(end => end <= cut);
            Assert.Equal(expected, frames);
            if (boundaries.Contains(cut))
            {
                Assert.Null(reader.Error);
            }
            else
            {
                Assert.NotNull(reader.Error);
                Assert.Equal(expected + 1, reader.Error.FrameNumber);
                Assert.True(reader.Error.Message.Contains("truncated", StringComparison.Ordinal) || reader.Error.Message.Contains("too short", StringComparison.Ordinal), reader.Error.Message);
            }
        }
    }

    [Fact]
    public void Nothing_reaches_the_stream_between_flushes_except_whole_blocks()
    {
        using var file = new MemoryStream();
        using var writer = new PcapNgWriter(file, leaveOpen: true);
        int id = writer.AddInterface("veth0", LinkTypes.Ethernet);
        Assert.Equal(0, file.Length);

        // Enough packets to fill several batches: every write the stream sees ends on a block boundary.
        for (int i = 0; i < 3_000; i++)
        {
            writer.WritePacket(id, Start + i, NetDrop.Tests.Frames.TestFrames.TestFrame(100), dropCount: (ulong)(i % 3));
            Assert.Equal(writer.BytesFlushed, file.Length);
            if (file.Length > 0)
            {
                AssertWholeBlocks(file.ToArray());
            }
        }

        writer.Flush();
        Assert.Equal(writer.BytesFlushed, file.Length);
        AssertWholeBlocks(file.ToArray());
        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file.ToArray()));
        int frames = 0;
        while (reader.TryReadNext(out _))
        {
            frames++;
        }

        Assert.Null(reader.Error);
        Assert.Equal(3_000, frames);
    }

    [Fact]
    public void Writing_a_packet_allocates_nothing()
    {
        using var writer = new PcapNgWriter(Stream.Null);
        int id = writer.AddInterface("veth0", LinkTypes.Ethernet);
        byte[] frame = NetDrop.Tests.Frames.TestFrames.TestFrame(1500);
        var flags = PcapNgPacketFlags.FromPacketSocket(TpStatus.User, PacketType.Host);
        const string comment = "NO_SOCKET at __udp4_lib_rcv+0x1a2/0x5e0";

        // Warm up: the buffer has its size and every path is compiled.
        for (int i = 0; i < 200; i++)
        {
            writer.WritePacket(id, Start + i, frame, 1500, (ulong)i, flags, comment);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            writer.WritePacket(id, Start + i, frame, 1500, (ulong)(i & 7), flags, i % 2 == 0 ? comment : default);
        }

        writer.Flush();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Reading_frames_with_options_allocates_nothing()
    {
        using var file = new MemoryStream();
        using (var writer = new PcapNgWriter(file, leaveOpen: true))
        {
            int id = writer.AddInterface("veth0", LinkTypes.Ethernet);
            for (int i = 0; i < 2_000; i++)
            {
                writer.WritePacket(id, Start + i, NetDrop.Tests.Frames.TestFrames.TestFrame(64 + (i % 50)), dropCount: (ulong)(i % 5), flags: new PcapNgPacketFlags(1), comment: "drop");
            }
        }

        byte[] bytes = file.ToArray();
        Walk(bytes);
        (long frames, long allocated) = Walk(bytes);
        Assert.Equal(2_000, frames);
        Assert.Equal(0, allocated);
    }

    private static long s_sink;

    /// <summary>Reads every frame; returns how many, and the bytes allocated after the first (opening and the first frame may size the buffer).</summary>
    private static (long Frames, long Allocated) Walk(byte[] bytes)
    {
        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(bytes));
        Assert.True(reader.TryReadNext(out CapturedRecord record));
        long before = GC.GetAllocatedBytesForCurrentThread();
        long frames = 1;
        long checksum = 0;
        long allocated = 0;
        while (reader.TryReadNext(out record))
        {
            // Up to the last frame: the statistics block after it is read (and allocated) once per file.
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            frames++;
            checksum += record.Data.Length + (long)(record.DropCount ?? 0) + (record.Flags?.Value ?? 0) + record.Interface.LinkType;
            foreach (ReadOnlySpan<byte> comment in record.Comments)
            {
                checksum += comment.Length;
            }
        }

        Assert.Single(reader.Statistics);
        s_sink = checksum;
        return (frames, allocated);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Create_makes_a_file_only_its_owner_can_read_narrows_one_it_replaces_and_refuses_a_device()
    {
        string fresh = Path.Combine(_directory, "fresh.pcapng");
        using (PcapNgWriter.Create(fresh))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fresh));

        string existing = Path.Combine(_directory, "existing.pcapng");
        File.WriteAllText(existing, "old contents");
        File.SetUnixFileMode(existing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using (PcapNgWriter writer = PcapNgWriter.Create(existing))
        {
            writer.AddInterface("lo", LinkTypes.Ethernet);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(existing));
        using CaptureFileReader reader = CaptureFileReader.Open(existing);
        Assert.Equal(LinkTypes.Ethernet, reader.LinkType);

        // A device is refused (only regular files are written), its mode untouched.
        UnixFileMode devNull = File.GetUnixFileMode("/dev/null");
        Assert.Throws<NetDrop.Files.UnusableFileException>(() => PcapNgWriter.Create("/dev/null"));
        Assert.Equal(devNull, File.GetUnixFileMode("/dev/null"));
    }

    [Fact]
    public void A_comment_longer_than_an_option_holds_is_cut_at_a_character_boundary()
    {
        string comment = string.Concat(Enumerable.Repeat("é", 40_000));
        using var file = new MemoryStream();
        using (var writer = new PcapNgWriter(file, leaveOpen: true))
        {
            writer.WritePacket(writer.AddInterface("lo", LinkTypes.Ethernet), Start, NetDrop.Tests.Frames.TestFrames.TestFrame(60), comment: comment);
        }

        file.Position = 0;
        using CaptureFileReader reader = CaptureFileReader.Open(file);
        Assert.True(reader.TryReadNext(out CapturedRecord record));
        string read = Encoding.UTF8.GetString(record.CommentUtf8);
        Assert.Equal(PcapNgWriter.MaxCommentBytes / 2, read.Length);
        Assert.StartsWith(read, comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_are_refused_before_anything_is_written()
    {
        using var file = new MemoryStream();
        using var writer = new PcapNgWriter(file, leaveOpen: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(0, Start, NetDrop.Tests.Frames.TestFrames.TestFrame(60)));
        int id = writer.AddInterface("lo", LinkTypes.Ethernet);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(id + 1, Start, NetDrop.Tests.Frames.TestFrames.TestFrame(60)));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(id, -1, NetDrop.Tests.Frames.TestFrames.TestFrame(60)));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddInterface("x", 70_000));
        Assert.Equal(0, writer.PacketsWritten);
    }

    private static string Seconds(long nanoseconds) =>
        (nanoseconds / 1_000_000_000).ToString(CultureInfo.InvariantCulture) + "." + (nanoseconds % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);

    private static HashSet<int> BlockEnds(byte[] bytes)
    {
        var ends = new HashSet<int>();
        for (int at = 0; at < bytes.Length; at += BitConverter.ToInt32(bytes, at + 4))
        {
            ends.Add(at + BitConverter.ToInt32(bytes, at + 4));
        }

        return ends;
    }

    /// <summary>Walks block lengths from the start: the bytes must end exactly at a block's end.</summary>
    private static void AssertWholeBlocks(byte[] bytes)
    {
        int at = 0;
        while (at < bytes.Length)
        {
            Assert.True(bytes.Length - at >= 12, $"{bytes.Length - at} stray bytes at {at}");
            int length = BitConverter.ToInt32(bytes, at + 4);
            Assert.True(at + length <= bytes.Length, $"block at {at} of {length} bytes runs past the end at {bytes.Length}");
            Assert.Equal(length, BitConverter.ToInt32(bytes, at + length - 4));
            at += length;
        }
    }
}
