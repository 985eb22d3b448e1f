using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using NetDrop.CaptureFiles;
using NetDrop.Kernel;
using NetDrop.Packet;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// NetDrop's <see cref="PacketCapture"/> on a TPACKET_V3 ring in this process (--readers loop), on the
/// harness's main thread pinned to the reader CPU, after a warm-up: the library's loop alone, without the
/// command's process around it, with the reading thread's CPU split and its allocations. The loop netdrop capture runs (TryRead until empty, then Wait),
/// writing every frame with its gap and flags through <see cref="PcapNgWriter"/> to /dev/null, as
/// tcpdump -w /dev/null writes its pcap. The ring has the same size as the others' and libpcap's block
/// size (256 KiB), so the comparison is of the readers, not of their rings.
/// </summary>
internal sealed class NetDropCaptureReader : ILoadReader
{
    public const string ReaderName = "NetDrop loop";

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
        int blockCount = Math.Max(2, _ringKilobytes * 1024 / BlockSize);
        PacketCapture capture;
        using (NetworkNamespaceEntry.EnterNamed(_network.Sink))
        {
            capture = PacketCapture.Open(new PacketCaptureOptions
            {
                Interface = LoadNetwork.SinkDevice,
                BlockSize = BlockSize,
                BlockCount = blockCount,
            });
        }

        using (capture)
        using (var writer = new PcapNgWriter(new FileStream("/dev/null", FileMode.Open, FileAccess.Write), leaveOpen: false, "netdrop benchmark"))
        {
            int id = writer.AddInterface(LoadNetwork.SinkDevice, LinkTypes.Ethernet, 262144);
            long frames = 0;
            long bytes = 0;
            long gaps = 0;
            TimeSpan poll = TimeSpan.FromMilliseconds(100);

            // Let the runtime finish compiling (tiered JIT, in the background) what ran since the last window.
            Thread.Sleep(TimeSpan.FromSeconds(1));
            long cpuBefore = CpuClock.Process();
            (long userBefore, long systemBefore) = CpuClock.CurrentThreadSplit();
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            generator.Go();

            // The loop under test; after the generator ends, the ring is drained and read once more.
            bool draining = false;
            while (true)
            {
                while (capture.TryRead(out PacketFrame frame))
                {
                    writer.WritePacket(id, frame);
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
            (long userAfter, long systemAfter) = CpuClock.CurrentThreadSplit();
            long threadUser = userAfter - userBefore;
            long threadSystem = systemAfter - systemBefore;
            (long sent, double seconds) = generator.Join();
            long expected = load.KernelDropCount() - before;
            PacketCaptureStatistics statistics = capture.Statistics;
            string detail = string.Format(CultureInfo.InvariantCulture, "tp_drops {0:N0} = frame gaps {1:N0} + trailing {2:N0}", statistics.KernelDrops, gaps, trailing);
            string note = string.Format(CultureInfo.InvariantCulture,
                "reading thread {0:0.0} ns/frame ({1:0.0} user, {2:0.0} system), other threads {3:0.0} ms; {4:N0} bytes; ring {5} x {6} KiB blocks; {7} malformed records",
                PerFrame(threadUser + threadSystem, frames), PerFrame(threadUser, frames), PerFrame(threadSystem, frames), (cpu - threadUser - threadSystem) / 1e6,
                bytes, blockCount, BlockSize / 1024, capture.MalformedRecords);
            return new ReaderMeasurement(
                Name, _ringKilobytes, sent, seconds, expected, frames, statistics.KernelDrops, detail,
                Stopwatch.GetElapsedTime(generator.StartTimestamp, end).TotalSeconds, cpu, allocated, note);
        }
    }

    private static double PerFrame(long nanoseconds, long frames) => frames > 0 ? (double)nanoseconds / frames : double.NaN;
}
