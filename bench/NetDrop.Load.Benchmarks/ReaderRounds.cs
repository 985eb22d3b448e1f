using System;
using System.Collections.Generic;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The measured part of both benchmarks: NetDrop's reader warmed up first (tiered JIT reaches its
/// optimized code before anything counts), then round after round of every reader against its own run
/// of the same load, each round's table printed as it ends, and the spread over the rounds at the end.
/// </summary>
internal static class ReaderRounds
{
    public static List<IReadOnlyList<ReaderMeasurement>> Run(
        IReadOnlyList<ILoadReader> readers, ILoadReader? warmUp, DropLoad load, long count, double? rate, TimeSpan bound, int rounds, CancellationToken cancel)
    {
        if (warmUp is not null)
        {
            ReaderMeasurement warm = warmUp.Measure(load, Math.Max(count / 4, 1000), rate, bound, cancel);
            Console.WriteLine($"warm-up (not counted): {warm.Reader} read {warm.Counted:N0} of {warm.Expected:N0}");
        }

        var runs = new List<IReadOnlyList<ReaderMeasurement>>();
        for (int run = 1; run <= rounds; run++)
        {
            var measurements = new List<ReaderMeasurement>();
            foreach (ILoadReader reader in readers)
            {
                cancel.ThrowIfCancellationRequested();
                measurements.Add(reader.Measure(load, count, rate, bound, cancel));
            }

            Console.WriteLine();
            Console.WriteLine($"Run {run} of {rounds}:");
            Console.Write(ResultTable.Format(measurements));
            runs.Add(measurements);
        }

        Console.WriteLine();
        Console.Write(ResultTable.Spread(runs));
        return runs;
    }
}
