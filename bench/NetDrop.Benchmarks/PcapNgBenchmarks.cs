using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetDrop.CaptureFiles;

namespace NetDrop.Benchmarks;

/// <summary>
/// Writing and reading pcapng frames (64 and 1500 bytes, with a gap, flags and, for one in four, a comment),
/// per frame. The baselines copy the same frame bytes into a buffer (write) or the same file out of its
/// stream (read) and nothing else, the least any writer or reader must do, so each ratio is what the blocks
/// and options cost on top, measured in the same run. Reading includes opening the reader, once per 4096 frames: dotnet run -c Release --project bench/NetDrop.Benchmarks -- --filter '*PcapNg*'.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PcapNgBenchmarks
{
    /// <summary>Frames per invocation, so results read per frame.</summary>
    public const int Frames = 4096;

    private const long Start = 1_765_000_000_000_000_000;

    private readonly byte[] _sink = new byte[64 * 1024];
    private byte[] _frame = Array.Empty<byte>();
    private byte[] _file = Array.Empty<byte>();
    private PcapNgWriter _writer = null!;
    private int _interface;

    [Params(64, 1500)]
    public int FrameLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = new byte[FrameLength];
        new Random(1).NextBytes(_frame);
        _writer = new PcapNgWriter(Stream.Null);
        _interface = _writer.AddInterface("veth0", LinkTypes.Ethernet);

        using var file = new MemoryStream();
        using (var writer = new PcapNgWriter(file, leaveOpen: true))
        {
            int id = writer.AddInterface("veth0", LinkTypes.Ethernet);
            for (int i = 0; i < Frames; i++)
            {
                writer.WritePacket(id, Start + i, _frame, FrameLength, (ulong)(i & 3), new PcapNgPacketFlags(0x405), (i & 3) == 0 ? "NO_SOCKET at __udp4_lib_rcv" : default);
            }
        }

        _file = file.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    [BenchmarkCategory("write")]
    public int CopyFrames()
    {
        int at = 0;
        for (int i = 0; i < Frames; i++)
        {
            if (at + _frame.Length > _sink.Length)
            {
                at = 0;
            }

            _frame.CopyTo(_sink.AsSpan(at));
            at += _frame.Length;
        }

        return at;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    [BenchmarkCategory("write")]
    public long WritePackets()
    {
        for (int i = 0; i < Frames; i++)
        {
            _writer.WritePacket(_interface, Start + i, _frame, FrameLength, (ulong)(i & 3), new PcapNgPacketFlags(0x405), (i & 3) == 0 ? "NO_SOCKET at __udp4_lib_rcv" : default);
        }

        return _writer.PacketsWritten;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    [BenchmarkCategory("read")]
    public long ReadFrames()
    {
        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(_file, writable: false));
        long sum = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            sum += record.Data.Length + (long)(record.DropCount ?? 0) + record.CommentUtf8.Length;
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    [BenchmarkCategory("read")]
    public long CopyFileOut()
    {
        using var stream = new MemoryStream(_file, writable: false);
        long sum = 0;
        int n;
        while ((n = stream.Read(_sink, 0, _sink.Length)) > 0)
        {
            sum += n;
        }

        return sum;
    }
}
