using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using NetDrop.Tracing;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// NetDrop's <see cref="KfreeSkbSource"/> in this process: the read loop an application would run
/// (Wait, ReadAvailable with a struct handler), on the harness's main thread, pinned to the reader CPU.
/// </summary>
internal sealed class NetDropReader : ILoadReader
{
    private readonly int _bufferKilobytes;

    public NetDropReader(int bufferKilobytes) => _bufferKilobytes = bufferKilobytes;

    public string Name => "NetDrop";

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        long before = load.KernelDropCount();
        using var generator = new GeneratorThread(load, count, rate, bound, cancel);

        // The harness cancels Ctrl-C itself (then disposes on this thread), so the source's own signal
        // cleanup, registered after it, only stops recording.
        using KfreeSkbSource source = KfreeSkbSource.Open(new KfreeSkbOptions
        {
            BufferSizeKilobytes = _bufferKilobytes,
            Filter = load.FilterFor(generator.Pid),
        });
        var handler = new LoadCountingHandler(load.ReasonNumber, DropLoad.Protocol);
        long waits = 0;
        long readyWaits = 0;

        // Let the runtime finish compiling (tiered JIT, in the background) the harness code that ran
        // since the last window, so that work is not charged to this reader.
        Thread.Sleep(TimeSpan.FromSeconds(1));
        long runDelayBefore = CpuClock.CurrentThreadRunDelay();
        long cpuBefore = CpuClock.Process();
        (long userBefore, long systemBefore) = CpuClock.CurrentThreadSplit();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long processAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        generator.Go();

        // The loop under test. It ends when the generator has; one more read takes what was recorded meanwhile.
        long lastRead = Stopwatch.GetTimestamp();
        long longestGap = 0;
        while (!generator.Finished)
        {
            if (source.Wait())
            {
                readyWaits++;
            }

            waits++;
            source.ReadAvailable(ref handler);

            // The longest time between two reads: what the buffer must hold, and where a stall shows.
            long now = Stopwatch.GetTimestamp();
            longestGap = Math.Max(longestGap, now - lastRead);
            lastRead = now;
        }

        source.ReadAvailable(ref handler);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        // Stopping writes a control file (that allocates, once); anything recorded after the last read is read here.
        source.StopAndDrain(ref handler);
        long end = Stopwatch.GetTimestamp();
        long cpu = CpuClock.Process() - cpuBefore;
        (long userAfter, long systemAfter) = CpuClock.CurrentThreadSplit();
        long threadUser = userAfter - userBefore;
        long threadSystem = systemAfter - systemBefore;
        long threadCpu = threadUser + threadSystem;
        long processAllocated = GC.GetTotalAllocatedBytes(precise: true) - processAllocatedBefore;
        long runDelay = CpuClock.CurrentThreadRunDelay() - runDelayBefore;
        (long sent, double seconds) = generator.Join();
        long expected = load.KernelDropCount() - before;

        long kernelLost = source.ReadKernelLossCounters();
        long reported = Math.Max(source.LostEvents, kernelLost);
        string detail = string.Format(CultureInfo.InvariantCulture, "page-lost {0}, pages-uncounted {1}, damaged {2}, stats-overrun {3}",
            source.LostEvents, source.PagesWithUncountedLoss, source.DamagedPages, kernelLost);
        string note = string.Format(CultureInfo.InvariantCulture,
            "reading thread {0:0.0} ns/event ({8:0.0} user, {9:0.0} system), other threads {1:0.0} ms; {2} polls ({3} woke with data), longest gap between reads {4:0} ms, {7:0} ms waiting for a CPU; whole-process allocations (harness threads too) {5} B; records outside the filter {6}",
            PerEvent(threadCpu, handler.Matching), (cpu - threadCpu) / 1e6, waits, readyWaits,
            Stopwatch.GetElapsedTime(0, longestGap).TotalMilliseconds, processAllocated, handler.Other, runDelay / 1e6,
            PerEvent(threadUser, handler.Matching), PerEvent(threadSystem, handler.Matching));
        return new ReaderMeasurement(
            Name, _bufferKilobytes, sent, seconds, expected, handler.Matching,
            reported, detail,
            Stopwatch.GetElapsedTime(generator.StartTimestamp, end).TotalSeconds, cpu, allocated, note);
    }

    private static double PerEvent(long nanoseconds, long events) => events > 0 ? (double)nanoseconds / events : double.NaN;
}
