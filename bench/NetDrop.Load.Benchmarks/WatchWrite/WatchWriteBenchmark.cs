using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The watch-write benchmark: the generator makes OTHERHOST drops as fast as it can (AF_PACKET frames
/// to a MAC the sink veth does not have), and in turn, each a whole process pinned to the reader CPU,
/// netdrop watch --source tracepoint --write, netdrop watch --source bpf --write and perf record -e
/// skb:kfree_skb save them to files on tmpfs. CPU per drop is netdrop's whole-process CPU less an idle
/// run's (perf's from its enable to its exit, its start-up outside as in the tracepoint benchmark),
/// divided by the drops written; expected is the kernel's count of the load's drops.
/// </summary>
internal static class WatchWriteBenchmark
{
    private const string PerfName = "perf record";

    public static void Run(WatchWriteOptions options, CancellationToken cancel)
    {
        // perf record writes its file into the scratch directory, which follows TMPDIR: a directory of
        // its own on tmpfs, like netdrop's files, so neither pays for a disk.
        string tmpfsScratch = PrivateDirectory.Create("/dev/shm", "tmp");
        string? tmpdir = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", tmpfsScratch);
        try
        {
            RunWithScratchOnTmpfs(options, cancel);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", tmpdir);
            Directory.Delete(tmpfsScratch, recursive: true);
        }
    }

    private static void RunWithScratchOnTmpfs(WatchWriteOptions options, CancellationToken cancel)
    {
        (int? readerCpu, int? generatorCpu) = CpuPinning.Choose(options.ReaderCpu, options.GeneratorCpu);
        bool netdropRuns = options.Readers.Any(r => r is "tracepoint" or "bpf");
        if (netdropRuns && !File.Exists(options.NetDropPath))
        {
            throw new HarnessException($"{options.NetDropPath} does not exist: build it (dotnet build tools/NetDrop.Cli -c Release) or name one with --netdrop");
        }

        if (options.Readers.Contains("perf") && !Shell.IsInstalled("perf"))
        {
            throw new HarnessException("perf is not installed (apt-get install linux-perf), or leave it out with --readers");
        }

        using ScratchDirectory scratch = ScratchDirectory.Create();
        using CaptureFileDirectory files = CaptureFileDirectory.Create();
        foreach (string stale in LoadNetwork.RemoveStale())
        {
            Console.WriteLine($"removed the namespace {stale} of a harness that is gone");
        }

        TracePipeReader.RemoveStaleInstances();
        LoadGenerator tools = LoadGenerator.Compile(scratch);
        using LoadNetwork network = LoadNetwork.Create();
        var load = new DropLoad(DropLoadKind.Otherhost, network, tools, generatorCpu);
        Console.WriteLine($"kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, {Environment.ProcessorCount} CPUs; reader on CPU {Describe(readerCpu)}, generator on CPU {Describe(generatorCpu)}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"load: minimal IPv4/UDP frames from an AF_PACKET TX ring on {LoadNetwork.SenderDevice} to a MAC {LoadNetwork.SinkDevice} does not have, dropped by ip_rcv as {load.ReasonName} (reason {load.ReasonNumber}) in {network.Sink}");
        Console.WriteLine($"files: netdrop's in {files.Path}, perf's in {scratch.Path} (both tmpfs); buffers {options.BufferKilobytes} KiB per CPU (netdrop --buffer-size, perf -m)");
        if (netdropRuns)
        {
            Console.WriteLine($"netdrop: {options.NetDropPath}");
        }

        Console.WriteLine("CPU: netdrop's whole process (wait4 rusage, start to exit) minus an idle run of the same command as long (ready to stop) with no load; perf record's from its enable to its exit");

        var readers = new List<ILoadReader>();
        foreach (string name in options.Readers)
        {
            readers.Add(name == "perf"
                ? new PerfReader(tools, scratch, readerCpu, options.BufferKilobytes)
                : new NetDropWatchWriteReader(options.NetDropPath, name, tools, network, files, readerCpu, options.BufferKilobytes));
        }

        double maxRate = load.MeasureMaximumRate(cancel);
        double runRate = options.Rate ?? maxRate;
        long count = options.Count ?? (long)(runRate * options.Seconds);

        // Tracing slows the generator (the tracepoint runs in its context), so the bound is generous; it only guards against a hang.
        TimeSpan bound = TimeSpan.FromSeconds(Math.Max(60, 20 * count / runRate));
        Console.WriteLine(options.Rate is null
            ? $"each reader: {count:N0} drops, the generator as fast as it can (about {options.Seconds} s at the untraced maximum)"
            : $"each reader: {count:N0} drops, the generator paced to {runRate:N0}/s");

        List<IReadOnlyList<ReaderMeasurement>> runs = ReaderRounds.Run(readers, null, load, count, options.Rate, bound, options.Runs, cancel);
        foreach (ILoadReader reader in readers.Where(r => r is NetDropWatchWriteReader))
        {
            Report(runs, reader.Name);
        }
    }

    /// <summary>Loss over the rounds, and CPU per drop against perf record's in the same rounds.</summary>
    private static void Report(List<IReadOnlyList<ReaderMeasurement>> runs, string reader)
    {
        List<ReaderMeasurement> ours = runs.SelectMany(r => r).Where(m => m.Reader == reader).ToList();
        long lost = ours.Sum(m => Math.Max(0, m.Lost));
        Console.WriteLine($"netdrop {reader} --write: lost {lost:N0} of {ours.Sum(m => m.Expected):N0} drops over {ours.Count} run(s); the source said it lost {ours.Sum(m => m.ToolReportedLost):N0}");
        double[] ratios = runs
            .Select(r => (Us: r.FirstOrDefault(m => m.Reader == reader), Perf: r.FirstOrDefault(m => m.Reader == PerfName)))
            .Where(p => p.Us is not null && p.Perf is not null)
            .Select(p => p.Us!.CpuNanosecondsPerEvent / p.Perf!.CpuNanosecondsPerEvent)
            .OrderBy(r => r)
            .ToArray();
        if (ratios.Length > 0)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "netdrop {0} --write CPU/drop vs perf record: {1:0.000} / {2:0.000} / {3:0.000} (min / median / max of same-run ratios)",
                reader, ratios[0], ratios[ratios.Length / 2], ratios[^1]));
        }
    }

    private static string Describe(int? cpu) => cpu is int value ? value.ToString(CultureInfo.InvariantCulture) : "(not pinned)";
}
