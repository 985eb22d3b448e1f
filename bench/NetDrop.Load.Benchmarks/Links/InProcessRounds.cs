using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// Wall time, the thread's CPU and the thread's allocated bytes of in-process dumps, per dump; a round
/// is <see cref="DumpsPerRound"/> dumps, as the thread's CPU clock moves in steps coarser than one dump.
/// </summary>
internal sealed class InProcessRounds
{
    public const int DumpsPerRound = 20;

    private readonly List<double> _wall = new();
    private readonly List<double> _cpu = new();
    private readonly List<long> _bytes = new();

    public void Measure(Func<int> dump)
    {
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long cpu = CpuClock.CurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < DumpsPerRound; i++)
        {
            dump();
        }

        _wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / DumpsPerRound);
        _cpu.Add((CpuClock.CurrentThread() - cpu) / 1e6 / DumpsPerRound);
        _bytes.Add((GC.GetAllocatedBytesForCurrentThread() - bytes) / DumpsPerRound);
    }

    public void Print(string path, int links, long attributes)
    {
        double bytes = _bytes.Select(b => (double)b).Order().ElementAt(_bytes.Count / 2);
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "| {0,-11} | {1,28} | {2,14:0.00} | {3,13:0.00} | {4,10:0.0} | {5,15:0.000} |",
            path,
            LinkDumpBenchmark.Spread(_wall),
            LinkDumpBenchmark.Median(_wall) * 1000 / links,
            LinkDumpBenchmark.Median(_cpu) * 1000 / links,
            bytes / links,
            bytes / attributes));
    }
}
