using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The whole benchmark: set up the namespaces and the generator, find the highest drop rate one CPU
/// can make, then run each reader against its own run of the same load, round after round.
/// </summary>
internal static class TracepointBenchmark
{
    /// <summary>Largest buffer tried when the default loses events.</summary>
    private const int LargestBufferKilobytes = 262144;

    /// <summary>The highest NetDrop/perf record CPU ratio recorded for the source (docs/capture.md).</summary>
    private const double RecordedPerfRatio = 0.91;

    /// <summary>The slowest load the source was recorded at, in drops per second: below it the check shows, not judges.</summary>
    private const double RecordedMinimumRate = 380_000;

    public static void Run(TracepointOptions options, CancellationToken cancel)
    {
        (int? readerCpu, int? generatorCpu) = CpuPinning.Choose(options.ReaderCpu, options.GeneratorCpu);
        if (readerCpu is int cpu)
        {
            CpuPinning.PinProcess(cpu);
        }

        using ScratchDirectory scratch = ScratchDirectory.Create();
        foreach (string stale in LoadNetwork.RemoveStale())
        {
            Console.WriteLine($"removed the namespace {stale} of a harness that is gone");
        }

        TracePipeReader.RemoveStaleInstances();
        LoadGenerator tools = LoadGenerator.Compile(scratch);
        using LoadNetwork network = LoadNetwork.Create();
        var load = new DropLoad(options.Load, network, tools, generatorCpu);
        Console.WriteLine($"kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, {Environment.ProcessorCount} CPUs; reader on CPU {Describe(readerCpu)}, generator on CPU {Describe(generatorCpu)}");
        Console.WriteLine($"load: {Describe(load)}; filter for every reader: {load.FilterFor(0).Replace("common_pid == 0", "common_pid == GENERATOR", StringComparison.Ordinal)}");
        Console.WriteLine($"scratch {scratch.Path}; namespaces {network.Sender}, {network.Sink}");

        double maxRate = load.MeasureMaximumRate(cancel);
        double runRate = options.Rate ?? maxRate;
        long count = options.Count ?? (long)(runRate * options.Seconds);

        // Tracing slows the generator (the tracepoint runs in its context), so the bound is generous; it only guards against a hang.
        TimeSpan bound = TimeSpan.FromSeconds(Math.Max(60, 20 * count / runRate));
        Console.WriteLine(options.Rate is null
            ? $"each reader: {count:N0} drops, the generator as fast as it can (about {options.Seconds} s at the untraced maximum)"
            : $"each reader: {count:N0} drops, the generator paced to {runRate:N0}/s");

        int perfMmap = options.PerfMmapKilobytes ?? options.BufferKilobytes;
        var readers = new List<ILoadReader>();
        foreach (string name in options.Readers)
        {
            readers.Add(name switch
            {
                "netdrop" => new NetDropReader(options.BufferKilobytes),
                "perf" => new PerfReader(tools, scratch, readerCpu, perfMmap),
                "bpf" => new BpfReader(),
                _ => new TracePipeReader(tools, readerCpu, options.BufferKilobytes),
            });
        }

        ILoadReader? warmUp = readers.Any(r => r is NetDropReader) ? new NetDropReader(options.BufferKilobytes) : null;
        List<IReadOnlyList<ReaderMeasurement>> runs = ReaderRounds.Run(readers, warmUp, load, count, options.Rate, bound, options.Runs, cancel);
        List<ReaderMeasurement> netDrop = runs.SelectMany(r => r).Where(m => m.Reader == "NetDrop").ToList();
        if (netDrop.Count > 0)
        {
            ReportNetDropVerdict(netDrop, runs);
            if (netDrop.Any(m => m.Lost > 0 || m.ToolReportedLost > 0))
            {
                FindLosslessBuffer(load, count, options, bound, cancel);
            }
        }
    }

    private static void ReportNetDropVerdict(List<ReaderMeasurement> netDrop, List<IReadOnlyList<ReaderMeasurement>> runs)
    {
        bool lossless = netDrop.All(m => m.Lost <= 0 && m.ToolReportedLost == 0);
        if (runs.SelectMany(r => r).Any(m => m.Lost < 0))
        {
            Console.WriteLine("warning: a reader counted more drops than the kernel's own counter: drops from outside the load matched the filter");
        }

        bool noAllocation = netDrop.All(m => m.AllocatedBytes == 0);
        Console.WriteLine($"NetDrop: {(lossless ? "lossless in every run" : "LOST EVENTS")} at {netDrop.Min(m => m.LoadRate):N0}..{netDrop.Max(m => m.LoadRate):N0} drops/s with a {netDrop[0].BufferKilobytes} KiB buffer per CPU; " +
            $"{(noAllocation ? "0 bytes allocated in the read loop" : $"the read loop ALLOCATED {netDrop.Max(m => m.AllocatedBytes ?? 0)} bytes in a run (the most)")}");
        var perfRatios = runs.Select(r => (r.FirstOrDefault(m => m.Reader == "NetDrop"), r.FirstOrDefault(m => m.Reader == "perf record")))
            .Where(p => p.Item1 is not null && p.Item2 is not null)
            .Select(p => p.Item1!.CpuNanosecondsPerEvent / p.Item2!.CpuNanosecondsPerEvent)
            .ToList();
        if (perfRatios.Count > 0)
        {
            Console.WriteLine(perfRatios.All(r => r < 1)
                ? $"NetDrop used less CPU per event than perf record in every run (ratio {perfRatios.Min():0.000}..{perfRatios.Max():0.000})"
                : $"NetDrop did NOT use less CPU per event than perf record in every run (ratio {perfRatios.Min():0.000}..{perfRatios.Max():0.000})");
        }

        ReportRegressionCheck(lossless, netDrop, perfRatios);
    }

    /// <summary>
    /// Where the source stood when the capture path was last reworked (docs/capture.md): lossless at
    /// 380,000–456,000 drops/s, 25–34 ns of reader CPU per event, 0.65–0.91 × perf record's CPU in the
    /// same runs. The ratio is the check (absolute CPU moves with the machine's load); the rest is shown.
    /// </summary>
    private static void ReportRegressionCheck(bool lossless, List<ReaderMeasurement> netDrop, List<double> perfRatios)
    {
        double[] cpu = netDrop.Select(m => m.CpuNanosecondsPerEvent).OrderBy(v => v).ToArray();
        double[] ratios = perfRatios.OrderBy(v => v).ToArray();
        double rate = netDrop.Min(m => m.LoadRate);
        bool ratioHolds = ratios.Length == 0 || ratios[ratios.Length / 2] <= RecordedPerfRatio;

        // Per-event CPU includes each wake-up's cost, so a slower load costs more per event: below the
        // recorded rates the numbers are shown, not judged.
        string verdict = !lossless ? "REGRESSED (lost events)"
            : rate < RecordedMinimumRate ? string.Format(CultureInfo.InvariantCulture, "not judged: the load reached only {0:N0} drops/s (recorded at 380,000-456,000)", rate)
            : ratioHolds ? "held" : "REGRESSED";
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "tracepoint regression check: {0}; reader CPU/event median {1:0.0} ns (recorded 25-34 ns); NetDrop/perf record median {2} (recorded 0.65-{3:0.00}): {4}",
            lossless ? "lossless" : "LOST EVENTS",
            cpu[cpu.Length / 2],
            ratios.Length == 0 ? "n/a (perf record not run)" : ratios[ratios.Length / 2].ToString("0.000", CultureInfo.InvariantCulture),
            RecordedPerfRatio,
            verdict));
    }

    /// <summary>When the default buffer lost events: doubles it until a run of the same load is lossless.</summary>
    private static void FindLosslessBuffer(DropLoad load, long count, TracepointOptions options, TimeSpan bound, CancellationToken cancel)
    {
        Console.WriteLine();
        Console.WriteLine($"NetDrop lost events with {options.BufferKilobytes} KiB per CPU; trying larger buffers against the same load:");
        for (int kilobytes = options.BufferKilobytes * 2; kilobytes <= LargestBufferKilobytes; kilobytes *= 2)
        {
            ReaderMeasurement m = new NetDropReader(kilobytes).Measure(load, count, options.Rate, bound, cancel);
            Console.WriteLine(ResultTable.Row(m));
            if (m.Lost <= 0 && m.ToolReportedLost == 0)
            {
                Console.WriteLine($"lossless at {kilobytes} KiB per CPU");
                return;
            }
        }

        Console.WriteLine($"still losing at {LargestBufferKilobytes} KiB per CPU");
    }

    private static string Describe(int? cpu) => cpu is int value ? value.ToString(CultureInfo.InvariantCulture) : "(not pinned)";

    private static string Describe(DropLoad load) => load.Kind == DropLoadKind.Otherhost
        ? $"minimal IPv4/UDP frames from an AF_PACKET TX ring (PACKET_QDISC_BYPASS) on {LoadNetwork.SenderDevice} to a MAC {LoadNetwork.SinkDevice} does not have, dropped by ip_rcv as {load.ReasonName} (reason {load.ReasonNumber})"
        : $"UDP datagrams to 127.0.0.1:9 (nothing listens), dropped as {load.ReasonName} (reason {load.ReasonNumber})";
}
