using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The capture benchmark: the generator floods the sink veth with 64-byte frames (60 bytes and the FCS)
/// at its maximum, and each reader in turn captures them there into a file on tmpfs, as a whole process
/// pinned to the reader CPU: netdrop capture, the C floor, tcpdump -w and netsniff-ng. CPU per frame is
/// the process's CPU less an idle run's, divided by the frames it wrote. Expected is the kernel's count
/// of frames that arrived at the sink (its rx otherhost counter: every frame of the load is for another
/// host's MAC). The targets: netdrop at most 1.3 × the C floor and at most tcpdump, no frame lost.
/// </summary>
internal static class CaptureBenchmark
{
    /// <summary>netdrop capture's CPU per frame may be at most this many times the C floor's.</summary>
    private const double FloorTarget = 1.3;

    public static void Run(CaptureOptions options, CancellationToken cancel)
    {
        IReadOnlyList<string> chosen = options.ChosenReaders();
        (int? readerCpu, int? generatorCpu) = CpuPinning.Choose(options.ReaderCpu, options.GeneratorCpu);
        if (readerCpu is int cpu && chosen.Contains("loop"))
        {
            // The in-process loop reads on the harness's own main thread.
            CpuPinning.PinProcess(cpu);
        }

        foreach (string reader in chosen.Where(r => r is "tcpdump" or "netsniff"))
        {
            string program = reader == "tcpdump" ? "tcpdump" : "netsniff-ng";
            if (!Shell.IsInstalled(program))
            {
                throw new HarnessException($"{program} is not installed (apt-get install {program}), or leave it out with --readers");
            }
        }

        if (chosen.Contains("netdrop") && !File.Exists(options.NetDropPath))
        {
            throw new HarnessException($"{options.NetDropPath} does not exist: build it (dotnet build tools/NetDrop.Cli -c Release) or name one with --netdrop");
        }

        using ScratchDirectory scratch = ScratchDirectory.Create();
        using CaptureFileDirectory files = CaptureFileDirectory.Create();
        foreach (string stale in LoadNetwork.RemoveStale())
        {
            Console.WriteLine($"removed the namespace {stale} of a harness that is gone");
        }

        LoadGenerator tools = LoadGenerator.Compile(scratch);
        using LoadNetwork network = LoadNetwork.Create();
        var load = new DropLoad(DropLoadKind.Otherhost, network, tools, generatorCpu);
        Console.WriteLine($"kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, {Environment.ProcessorCount} CPUs; reader on CPU {Describe(readerCpu)}, generator on CPU {Describe(generatorCpu)}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"load: 64-byte IPv4/UDP frames (60 bytes + FCS) from an AF_PACKET TX ring on {LoadNetwork.SenderDevice}, captured on {LoadNetwork.SinkDevice} in {network.Sink} into files in {files.Path} (tmpfs)");
        Console.WriteLine($"rings: {options.RingKilobytes} KiB for netdrop (--ring-size), tcpdump (-B) and netsniff-ng; the C floor {CaptureFloorReader.BlockCount} x {CaptureFloorReader.BlockSize / 1024} KiB blocks");
        if (chosen.Contains("netdrop"))
        {
            Console.WriteLine($"netdrop: {options.NetDropPath}{DotnetSettings()}");
        }

        Console.WriteLine("CPU: the reader's whole process (wait4 rusage, start to exit) minus an idle run of the same command as long (ready to stop) with no traffic");

        var readers = new List<ILoadReader>();
        foreach (string name in chosen)
        {
            readers.Add(name switch
            {
                "netdrop" => new NetDropCommandReader(options.NetDropPath, tools, network, files, readerCpu, options.RingKilobytes),
                "floor" => CaptureFloorReader.Create(scratch, tools, network, files, readerCpu),
                "tcpdump" => new TcpdumpReader(tools, network, files, readerCpu, options.RingKilobytes),
                "netsniff" => new NetsniffReader(tools, network, files, readerCpu, options.RingKilobytes),
                _ => new NetDropCaptureReader(network, options.RingKilobytes),
            });
        }

        double maxRate = load.MeasureMaximumRate(cancel);
        double runRate = options.Rate ?? maxRate;
        long count = options.Count ?? (long)(runRate * options.Seconds);
        TimeSpan bound = TimeSpan.FromSeconds(Math.Max(60, 20 * count / runRate));
        Console.WriteLine(options.Rate is null
            ? $"each reader: {count:N0} frames, the generator as fast as it can (about {options.Seconds} s at the maximum)"
            : $"each reader: {count:N0} frames, the generator paced to {runRate:N0}/s");

        ILoadReader? warmUp = chosen.Contains("loop") ? new NetDropCaptureReader(network, options.RingKilobytes) : null;
        List<IReadOnlyList<ReaderMeasurement>> runs = ReaderRounds.Run(readers, warmUp, load, count, options.Rate, bound, options.Runs, cancel);
        ReportVerdict(runs);
    }

    /// <summary>The targets, run by run: no loss, at most 1.3 × the C floor's CPU per frame, at most tcpdump's.</summary>
    private static void ReportVerdict(List<IReadOnlyList<ReaderMeasurement>> runs)
    {
        List<ReaderMeasurement> netDrop = runs.SelectMany(r => r).Where(m => m.Reader == NetDropCommandReader.ReaderName).ToList();
        if (netDrop.Count > 0)
        {
            long lost = netDrop.Sum(m => Math.Max(0, m.Lost));
            Console.WriteLine($"netdrop capture: lost {lost:N0} of {netDrop.Sum(m => m.Expected):N0} frames over {netDrop.Count} run(s){(lost == 0 ? " (target: none)" : " (target: none: MISSED)")}");
            Target(runs, CaptureFloorReader.ReaderName, FloorTarget);
            Target(runs, "tcpdump", 1.0);
        }

        List<ReaderMeasurement> loop = runs.SelectMany(r => r).Where(m => m.Reader == NetDropCaptureReader.ReaderName).ToList();
        if (loop.Count > 0)
        {
            bool noAllocation = loop.All(m => m.AllocatedBytes == 0);
            Console.WriteLine(noAllocation
                ? "NetDrop loop: 0 bytes allocated in the capture loop"
                : $"NetDrop loop: the capture loop ALLOCATED up to {loop.Max(m => m.AllocatedBytes ?? 0):N0} bytes in a run");
        }
    }

    private static void Target(List<IReadOnlyList<ReaderMeasurement>> runs, string other, double limit)
    {
        List<double> ratios = runs
            .Select(r => (Us: r.FirstOrDefault(m => m.Reader == NetDropCommandReader.ReaderName), Them: r.FirstOrDefault(m => m.Reader == other)))
            .Where(p => p.Us is not null && p.Them is not null)
            .Select(p => p.Us!.CpuNanosecondsPerEvent / p.Them!.CpuNanosecondsPerEvent)
            .OrderBy(r => r)
            .ToList();
        if (ratios.Count == 0)
        {
            return;
        }

        double median = ratios[ratios.Count / 2];
        string verdict = median <= limit ? "met" : "MISSED";
        Console.WriteLine($"netdrop capture CPU/frame vs {other}: {ratios[0]:0.000} / {median:0.000} / {ratios[^1]:0.000} (min / median / max of same-run ratios; target at most {limit:0.0}x: {verdict} by the median, {ratios.Count(r => r <= limit)} of {ratios.Count} runs)");
    }

    /// <summary>The DOTNET_ settings the harness passes on to netdrop, which change how it compiles.</summary>
    private static string DotnetSettings()
    {
        var settings = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            // Runtime settings are mixed case (DOTNET_TieredCompilation, DOTNET_TC_...); the SDK's own are all capitals.
            if (entry.Key is string key && key.StartsWith("DOTNET_", StringComparison.Ordinal) && key.AsSpan(7).ContainsAnyInRange('a', 'z'))
            {
                settings.Add($"{key}={entry.Value}");
            }
        }

        settings.Sort(StringComparer.Ordinal);
        return settings.Count == 0 ? string.Empty : " with " + string.Join(' ', settings);
    }

    private static string Describe(int? cpu) => cpu is int value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(not pinned)";
}
