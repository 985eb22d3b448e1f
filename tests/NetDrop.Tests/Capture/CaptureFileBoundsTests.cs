using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NetDrop.Capture;
using NetDrop.Tests.Cli;

namespace NetDrop.Tests.Capture;

/// <summary>
/// What a capture file can make the reader keep (docs/capture.md, "Bounds"): interface and statistics blocks
/// outlive their block, so their number and their texts are capped, and 200 MB of statistics blocks leave
/// the reader holding what 1,024 of them hold.
/// </summary>
public class CaptureFileBoundsTests
{
    private const ushort Ethernet = 1;

    [Fact]
    public void Two_hundred_megabytes_of_statistics_blocks_keep_memory_flat()
    {
        // Each block: counters and a 4 KiB comment, for interface 0; 200 MB of them, streamed, never on disk.
        var header = new PcapNgBuilder().Section();
        header.Block(PcapNgBuilder.InterfaceDescriptionType, [.. header.U16(Ethernet), .. header.U16(0), .. header.U32(0), .. header.Options((2, Encoding.UTF8.GetBytes("eth0")))]);
        byte[] block = StatisticsBlock(header, new string('c', 4096));
        const long FileSize = 200L * 1024 * 1024;
        long blocks = (FileSize - header.Length) / block.Length;

        // Measured every 16 MB while the reader reads: what it holds then, after a full collection.
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long largest = 0;
        void Measure() => largest = Math.Max(largest, GC.GetTotalMemory(forceFullCollection: true) - before);
        var time = Stopwatch.StartNew();
        using CaptureFileReader reader = CaptureFileReader.Open(new RepeatingStream(header.ToArray(), block, blocks, Measure));
        while (reader.TryReadNext(out _))
        {
        }

        Assert.Null(reader.Error);
        Assert.Equal(CaptureFileReader.MaxKeptStatistics, reader.Statistics.Count);
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(reader);

        Assert.Equal(blocks - CaptureFileReader.MaxKeptStatistics, reader.StatisticsNotKept);
        Assert.Equal(header.Length + ((blocks - 1) * block.Length), reader.Statistics[^1].FileOffset);
        Assert.Equal(new string('c', 1024) + "…", reader.Statistics[0].Counters.Comment);
        Assert.Equal(7UL, reader.Statistics[0].Counters.OsDropped);

        // 1,024 blocks with a 1 KiB (2 KiB as .NET text) comment each is about 2.5 MB, twice that before a trim;
        // the file is 200 MB.
        Assert.True(largest < 8 * 1024 * 1024, $"{largest} bytes held while reading {blocks} statistics blocks");
        Assert.True(retained < 4 * 1024 * 1024, $"{retained} bytes retained");
        Assert.True(time.Elapsed < TimeSpan.FromSeconds(60), $"{time.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void Read_says_how_many_statistics_blocks_it_did_not_keep()
    {
        var file = new PcapNgBuilder().Section();
        file.Block(PcapNgBuilder.InterfaceDescriptionType, [.. file.U16(Ethernet), .. file.U16(0), .. file.U32(0)]);
        byte[] block = StatisticsBlock(file, "");
        for (int i = 0; i < CaptureFileReader.MaxKeptStatistics + 500; i++)
        {
            file.Raw(block);
        }

        ReadResult text = ReadCommand.Run(file.ToArray());
        ReadResult json = ReadCommand.Run(file.ToArray(), json: true);

        Assert.Equal(0, text.ExitCode);
        Assert.Equal("500 earlier interface statistics blocks were not kept: only the last 1024 are.", text.Lines[0]);
        Assert.Equal(1024, text.Lines.Count(l => l.StartsWith("Statistics for if0:", StringComparison.Ordinal)));
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(1024, json.Lines.Length);
        Assert.Equal("500 earlier interface statistics blocks were not kept: only the last 1024 are." + Environment.NewLine, json.Error);
    }

    [Theory]
    [InlineData(4096, true)]
    [InlineData(4097, false)]
    public void A_file_describes_at_most_4096_interfaces_over_all_its_sections(int interfaces, bool accepted)
    {
        // Two interfaces per section, so the limit is over the file, not one section.
        var file = new PcapNgBuilder();
        for (int i = 0; i < interfaces; i++)
        {
            if (i % 2 == 0)
            {
                file.Section();
            }

            file.Interface(Ethernet);
        }

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file.ToArray()));
        while (reader.TryReadNext(out _))
        {
        }

        if (accepted)
        {
            Assert.Null(reader.Error);
            Assert.Equal(interfaces, reader.Interfaces.Count);
            return;
        }

        Assert.Equal(CaptureFileReader.MaxInterfaces, reader.Interfaces.Count);
        Assert.NotNull(reader.Error);
        Assert.EndsWith("(before frame 1): the file describes more than 4096 interfaces, the most NetDrop reads", reader.Error.Message);
        Assert.StartsWith("interface description block at offset ", reader.Error.Message);
    }

    [Fact]
    public void Interface_texts_are_cut_at_1024_bytes_on_a_character_boundary()
    {
        // 'é' is two bytes: 1,024 bytes hold 512 of them; the 'x' first makes the cut fall inside one.
        string name = "x" + new string('é', 3000);
        var file = new PcapNgBuilder().Section();
        file.Block(PcapNgBuilder.InterfaceDescriptionType,
            [.. file.U16(Ethernet), .. file.U16(0), .. file.U32(0), .. file.Options((2, Encoding.UTF8.GetBytes(name)), (3, Encoding.UTF8.GetBytes("short")))]);

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file.ToArray()));
        while (reader.TryReadNext(out _))
        {
        }

        Assert.Equal("x" + new string('é', 511) + "…", reader.Interfaces[0].Name);
        Assert.Equal("short", reader.Interfaces[0].Description);
    }

    [Theory]
    [InlineData(327_680, true)]
    [InlineData(327_684, false)]
    public void A_block_that_is_read_whole_is_at_most_320_KiB(int blockLength, bool accepted)
    {
        // A statistics block filled by five comments (an option holds at most 65,535 bytes): 12 bytes of block
        // framing, 12 of header, 4 for the end of options, and each comment's 4-byte option header.
        var file = new PcapNgBuilder().Section();
        file.Block(PcapNgBuilder.InterfaceDescriptionType, [.. file.U16(Ethernet), .. file.U16(0), .. file.U32(0)]);
        long offset = file.Length;
        byte[] full = new byte[65_532];
        byte[] last = new byte[blockLength - 28 - (4 * (4 + full.Length)) - 4];
        Array.Fill(full, (byte)'c');
        Array.Fill(last, (byte)'c');
        file.Block(PcapNgBuilder.InterfaceStatisticsType,
            [.. file.U32(0), .. file.U32(0), .. file.U32(1_000), .. file.Options((1, full), (1, full), (1, full), (1, full), (1, last))]);
        Assert.Equal(offset + blockLength, file.Length);

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file.ToArray()));
        while (reader.TryReadNext(out _))
        {
        }

        if (accepted)
        {
            Assert.Null(reader.Error);
            Assert.Single(reader.Statistics);
            return;
        }

        Assert.Equal($"interface statistics block at offset {offset} (before frame 1): block length {blockLength} is more than the 327680-byte limit (corrupt length)", reader.Error?.Message);
    }

    /// <summary>An Interface Statistics Block for interface 0 with isb_osdrop 7 and <paramref name="comment"/> (none when empty).</summary>
    private static byte[] StatisticsBlock(PcapNgBuilder order, string comment)
    {
        var options = comment.Length > 0
            ? order.Options((1, Encoding.UTF8.GetBytes(comment)), (7, order.U64(7)))
            : order.Options((7, order.U64(7)));
        var block = new PcapNgBuilder();
        block.Block(PcapNgBuilder.InterfaceStatisticsType, [.. order.U32(0), .. order.U32(0), .. order.U32(1_000), .. options]);
        return block.ToArray();
    }

    /// <summary>A file as a stream: a header, then one block again and again; nothing is held but the two.</summary>
    private sealed class RepeatingStream(byte[] header, byte[] block, long repeats, Action everySixteenMegabytes) : Stream
    {
        private const int SampleEvery = 16 * 1024 * 1024;
        private readonly long _length = header.Length + (block.Length * repeats);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int written = 0;
            while (written < count && _position < _length)
            {
                ReadOnlySpan<byte> source = _position < header.Length
                    ? header.AsSpan((int)_position)
                    : block.AsSpan((int)((_position - header.Length) % block.Length));
                int n = Math.Min(count - written, source.Length);
                source[..n].CopyTo(buffer.AsSpan(offset + written));
                written += n;
                if ((_position % SampleEvery) + n >= SampleEvery)
                {
                    everySixteenMegabytes();
                }

                _position += n;
            }

            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
