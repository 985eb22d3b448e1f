using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetDrop.Analyzers.Benchmarks;

/// <summary>
/// The same comparison as <see cref="AnalyzerOverheadBenchmarks"/>, measured in pairs: each round
/// compiles without and with the analyzers back to back (alternating which goes first), and the overhead is the median of the
/// rounds' ratios. Pairs keep a busy machine's drift out of the ratio. Then one more run asks Roslyn
/// how long each analyzer itself ran. Run: dotnet run -c Release --project bench/NetDrop.Analyzers.Benchmarks -- paired
/// </summary>
internal static class PairedMeasurement
{
    public static void Run(int rounds)
    {
        var benchmark = new AnalyzerOverheadBenchmarks();
        benchmark.Setup();
        for (int i = 0; i < 3; i++)
        {
            benchmark.WithoutAnalyzers();
            benchmark.WithNetDropAnalyzers();
        }

        var without = new List<double>();
        var with = new List<double>();
        var ratios = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            // Alternate which goes first, so warming and drift do not favour one side.
            double a;
            double b;
            if (i % 2 == 0)
            {
                a = Time(() => benchmark.WithoutAnalyzers());
                b = Time(() => benchmark.WithNetDropAnalyzers());
            }
            else
            {
                b = Time(() => benchmark.WithNetDropAnalyzers());
                a = Time(() => benchmark.WithoutAnalyzers());
            }

            without.Add(a);
            with.Add(b);
            ratios.Add(b / a);
        }

        Console.WriteLine($"rounds: {rounds}");
        Console.WriteLine($"runtime, no analyzers:          median {Median(without):F1} ms");
        Console.WriteLine($"runtime, all NetDrop analyzers: median {Median(with):F1} ms");
        Console.WriteLine($"ratio (median of pairs):        {Median(ratios):F3}  (overhead {(Median(ratios) - 1) * 100:F1} %)");

        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        CompilationWithAnalyzers analyzed = benchmark.Fresh().WithAnalyzers(AnalyzerOverheadBenchmarks.All, options);
        analyzed.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        TimeSpan total = TimeSpan.Zero;
        foreach (DiagnosticAnalyzer analyzer in AnalyzerOverheadBenchmarks.All)
        {
            TimeSpan time = analyzed.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime;
            total += time;
            Console.WriteLine($"  {analyzer.GetType().Name,-28} {time.TotalMilliseconds,8:F1} ms");
        }

        var fresh = benchmark.Fresh();
        long indexStart = Stopwatch.GetTimestamp();
        NetDrop.Analyzers.Metadata.NameIndex.Build(fresh, NetDrop.Analyzers.Metadata.NetDropSymbols.Create(fresh));
        Console.WriteLine($"  (of which the name index, built once: {Stopwatch.GetElapsedTime(indexStart).TotalMilliseconds:F1} ms on a fresh compilation)");
        Console.WriteLine($"  {"all analyzers' own time",-28} {total.TotalMilliseconds,8:F1} ms ({total.TotalMilliseconds / Median(without) * 100:F1} % of a compilation)");
    }

    private static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
