using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The capture benchmark: the generator floods the sink veth with 64-byte frames (60 bytes and the FCS),
/// and each reader in turn captures them there with rings of the same size: NetDrop's packet capture in
/// this process, tcpdump -w /dev/null and netsniff-ng. Expected is the kernel's count of frames that
/// arrived at the sink (its rx otherhost counter: every frame of the load is for another host's MAC).
/// </summary>
internal static class CaptureBenchmark
{
    public static void Run(CaptureOptions options, CancellationToken cancel)
    {
        (int? readerCpu, int? generatorCpu) = CpuPinning.Choose(options.ReaderCpu, options.GeneratorCpu);
        if (readerCpu is int cpu)
        {
            CpuPinning.PinProcess(cpu);
        }

        foreach (string reader in options.Readers.Where(r => r != "netdrop"))
        {
            string program = reader == "tcpdump" ? "tcpdump" : "netsniff-ng";
            if (!Shell.IsInstalled(program))
            {
                throw new HarnessException($"{program} is not installed (apt-get install {program}), or leave it out with --readers");
            }
        }

        using ScratchDirectory scratch = ScratchDirectory.Create();
        foreach (string stale in LoadNetwork.RemoveStale())
        {
            Console.WriteLine($"removed the namespace {stale} of a harness that is gone");
        }

        LoadGenerator tools = LoadGenerator.Compile(scratch);
        using LoadNetwork network = LoadNetwork.Create();
        var load = new DropLoad(DropLoadKind.Otherhost, network, tools, generatorCpu);
        Console.WriteLine($"kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, {Environment.ProcessorCount} CPUs; reader on CPU {Describe(readerCpu)}, generator on CPU {Describe(generatorCpu)}");
        Console.WriteLine($"load: 64-byte IPv4/UDP frames (60 bytes + FCS) from an AF_PACKET TX ring on {LoadNetwork.SenderDevice}, captured on {LoadNetwork.SinkDevice} in {network.Sink}; ring {options.RingKilobytes} KiB for every reader");

        double maxRate = load.MeasureMaximumRate(cancel);
        double runRate = options.Rate ?? maxRate;
        long count = options.Count ?? (long)(runRate * options.Seconds);
        TimeSpan bound = TimeSpan.FromSeconds(Math.Max(60, 20 * count / runRate));
        Console.WriteLine(options.Rate is null
            ? $"each reader: {count:N0} frames, the generator as fast as it can (about {options.Seconds} s at the maximum)"
            : $"each reader: {count:N0} frames, the generator paced to {runRate:N0}/s");

        var readers = new List<ILoadReader>();
        foreach (string name in options.Readers)
        {
            readers.Add(name switch
            {
                "netdrop" => new NetDropCaptureReader(network, options.RingKilobytes),
                "tcpdump" => new TcpdumpReader(tools, network, readerCpu, options.RingKilobytes),
                _ => new NetsniffReader(tools, network, readerCpu, options.RingKilobytes),
            });
        }

        if (readers.Any(r => r is NetDropCaptureReader))
        {
            // The read loop reaches its optimized code (tiered JIT) before anything is measured.
            ReaderMeasurement warm = new NetDropCaptureReader(network, options.RingKilobytes).Measure(load, Math.Max(count / 4, 1000), options.Rate, bound, cancel);
            Console.WriteLine($"warm-up (not counted): NetDrop captured {warm.Counted:N0} of {warm.Expected:N0}");
        }

        var runs = new List<IReadOnlyList<ReaderMeasurement>>();
        for (int run = 1; run <= options.Runs; run++)
        {
            var measurements = new List<ReaderMeasurement>();
            foreach (ILoadReader reader in readers)
            {
                cancel.ThrowIfCancellationRequested();
                measurements.Add(reader.Measure(load, count, options.Rate, bound, cancel));
            }

            Console.WriteLine();
            Console.WriteLine($"Run {run} of {options.Runs}:");
            Console.Write(ResultTable.Format(measurements));
            runs.Add(measurements);
        }

        Console.WriteLine();
        Console.Write(ResultTable.Spread(runs));
        ReportVerdict(runs);
    }

    /// <summary>The targets: no loss wherever tcpdump had none, less CPU per frame than tcpdump, no allocation.</summary>
    private static void ReportVerdict(List<IReadOnlyList<ReaderMeasurement>> runs)
    {
        var pairs = runs
            .Select(r => (NetDrop: r.FirstOrDefault(m => m.Reader == NetDropCaptureReader.ReaderName), Tcpdump: r.FirstOrDefault(m => m.Reader == "tcpdump")))
            .ToList();
        List<ReaderMeasurement> netDrop = pairs.Where(p => p.NetDrop is not null).Select(p => p.NetDrop!).ToList();
        if (netDrop.Count == 0)
        {
            return;
        }

        bool noAllocation = netDrop.All(m => m.AllocatedBytes == 0);
        Console.WriteLine($"NetDrop: lost {netDrop.Sum(m => m.Lost):N0} of {netDrop.Sum(m => m.Expected):N0} frames over {netDrop.Count} run(s); " +
            (noAllocation ? "0 bytes allocated in the capture loop" : $"the capture loop ALLOCATED up to {netDrop.Max(m => m.AllocatedBytes ?? 0):N0} bytes in a run"));
        var compared = pairs.Where(p => p.NetDrop is not null && p.Tcpdump is not null).ToList();
        if (compared.Count == 0)
        {
            return;
        }

        int tcpdumpLossless = compared.Count(p => p.Tcpdump!.Lost <= 0);
        int bothLossless = compared.Count(p => p.Tcpdump!.Lost <= 0 && p.NetDrop!.Lost <= 0);
        Console.WriteLine($"zero loss where tcpdump had zero loss: {bothLossless} of {tcpdumpLossless} run(s)");
        List<double> ratios = compared.Select(p => p.NetDrop!.CpuNanosecondsPerEvent / p.Tcpdump!.CpuNanosecondsPerEvent).ToList();
        Console.WriteLine(ratios.All(r => r < 1)
            ? $"NetDrop used less CPU per frame than tcpdump in every run (ratio {ratios.Min():0.000}..{ratios.Max():0.000})"
            : $"NetDrop did NOT use less CPU per frame than tcpdump in every run (ratio {ratios.Min():0.000}..{ratios.Max():0.000})");
    }

    private static string Describe(int? cpu) => cpu is int value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(not pinned)";
}
