using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using NetDrop.CaptureFiles;

namespace NetDrop.Tests.Capture;

/// <summary>
/// 200 MB of pcapng statistics blocks leave the reader holding what 1,024 of them hold. The heap is the
/// process's, so the test runs alone: other tests allocating at the same time would be counted as its.
/// </summary>
[Collection(nameof(MemoryMeasurementCollection))]
public sealed class CaptureFileMemoryTests
{
    private const ushort Ethernet = 1;

    [Fact]
    public void Two_hundred_megabytes_of_statistics_blocks_keep_memory_flat()
    {
        // Each block: counters and a 4 KiB comment, for interface 0; 200 MB of them, streamed, never on disk.
        var header = new PcapNgBuilder().Section();
        header.Block(PcapNgBuilder.InterfaceDescriptionType, [.. header.U16(Ethernet), .. header.U16(0), .. header.U32(0), .. header.Options((2, Encoding.UTF8.GetBytes("eth0")))]);
        byte[] block = PcapNgBuilder.StatisticsBlock(header, new string('c', 4096));
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

/// <summary>Tests that measure the process's heap, run with no other test beside them.</summary>
[CollectionDefinition(nameof(MemoryMeasurementCollection), DisableParallelization = true)]
public sealed class MemoryMeasurementCollection;
