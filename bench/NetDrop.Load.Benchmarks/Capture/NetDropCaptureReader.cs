using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using NetDrop.Packet;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// NetDrop's <see cref="PacketCapture"/> on a TPACKET_V3 ring in this process, on the harness's main
/// thread pinned to the reader CPU: the loop an application runs (TryRead until empty, then Wait),
/// touching each frame's length and gap as a writer would. The ring has the same size as the others'
/// and libpcap's block size (256 KiB), so the comparison is of the readers, not of their rings.
/// </summary>
internal sealed class NetDropCaptureReader : ILoadReader
{
    public const string ReaderName = "NetDrop";

    private const int BlockSize = 256 * 1024;

    private readonly LoadNetwork _network;
    private readonly int _ringKilobytes;

    public NetDropCaptureReader(LoadNetwork network, int ringKilobytes)
    {
        _network = network;
        _ringKilobytes = ringKilobytes;
    }

    public string Name => ReaderName;

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        long before = load.KernelDropCount();
        using var generator = new GeneratorThread(load, count, rate, bound, cancel);
        PacketCapture capture;
        using (NamespaceEntry.Enter(_network.Sink))
        {
            capture = PacketCapture.Open(new PacketCaptureOptions
            {
                Interface = LoadNetwork.SinkDevice,
                BlockSize = BlockSize,
                BlockCount = Math.Max(2, _ringKilobytes * 1024 / BlockSize),
            });
        }

        using (capture)
        {
            long frames = 0;
            long bytes = 0;
            long gaps = 0;
            TimeSpan poll = TimeSpan.FromMilliseconds(100);

            // Let the runtime finish compiling (tiered JIT, in the background) what ran since the last window.
            Thread.Sleep(TimeSpan.FromSeconds(1));
            long cpuBefore = CpuClock.Process();
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            generator.Go();

            // The loop under test; after the generator ends, the ring is drained and read once more.
            bool draining = false;
            while (true)
            {
                while (capture.TryRead(out PacketFrame frame))
                {
                    frames++;
                    bytes += frame.CapturedLength;
                    gaps += frame.Gap;
                }

                if (draining)
                {
                    break;
                }

                if (generator.Finished)
                {
                    capture.Drain(cancel);
                    draining = true;
                    continue;
                }

                capture.Wait(poll, cancel);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            long trailing = capture.Finish();
            long end = Stopwatch.GetTimestamp();
            long cpu = CpuClock.Process() - cpuBefore;
            (long sent, double seconds) = generator.Join();
            long expected = load.KernelDropCount() - before;
            PacketCaptureStatistics statistics = capture.Statistics;
            string detail = string.Format(CultureInfo.InvariantCulture, "tp_drops {0:N0} = frame gaps {1:N0} + trailing {2:N0}", statistics.KernelDrops, gaps, trailing);
            string note = string.Format(CultureInfo.InvariantCulture, "{0:N0} bytes; ring {1} x {2} KiB blocks; {3} malformed records", bytes, Math.Max(2, _ringKilobytes * 1024 / BlockSize), BlockSize / 1024, capture.MalformedRecords);
            return new ReaderMeasurement(
                Name, _ringKilobytes, sent, seconds, expected, frames, statistics.KernelDrops, detail,
                Stopwatch.GetElapsedTime(generator.StartTimestamp, end).TotalSeconds, cpu, allocated, note);
        }
    }
}
