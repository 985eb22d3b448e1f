using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The watch benchmark: the generator makes OTHERHOST drops at its highest rate, and each tracer in turn
/// reports them as a whole process writing to a file on tmpfs: bpftrace printing the BPF source's fields,
/// netdrop watch --source bpf and --source tracepoint, each with --json and --mode packet. Per tracer it
/// measures the CPU per event (the process's CPU less an idle run's), the generator's rate while it was
/// attached (the in-kernel cost) and, for the BPF programs, their run time per run from the kernel's own
/// statistics. The targets (issue 17): the BPF source lossless, its CPU per event no higher than the
/// tracepoint source's, and the generator's rate with its program attached no lower than with bpftrace's.
/// </summary>
internal static class WatchBenchmark
{
    public static void Run(WatchBenchmarkOptions options, CancellationToken cancel)
    {
        (int? readerCpu, int? generatorCpu) = CpuPinning.Choose(options.ReaderCpu, options.GeneratorCpu);
        if (options.Readers.Any(r => r != BpftraceReader.ReaderName) && !File.Exists(options.NetDropPath))
        {
            throw new HarnessException($"{options.NetDropPath} does not exist: build it (dotnet build tools/NetDrop.Cli -c Release) or name one with --netdrop");
        }

        if (options.Readers.Contains(BpftraceReader.ReaderName) && !Shell.IsInstalled("bpftrace"))
        {
            throw new HarnessException("bpftrace is not installed (apt-get install bpftrace), or leave it out with --readers");
        }

        using ScratchDirectory scratch = ScratchDirectory.Create();
        using CaptureFileDirectory files = CaptureFileDirectory.Create();
        foreach (string stale in LoadNetwork.RemoveStale())
        {
            Console.WriteLine($"removed the namespace {stale} of a harness that is gone");
        }

        LoadGenerator tools = LoadGenerator.Compile(scratch);
        using LoadNetwork network = LoadNetwork.Create();
        using BpfStatsSwitch statistics = BpfStatsSwitch.Enable();
        var load = new DropLoad(DropLoadKind.Otherhost, network, tools, generatorCpu);
        uint sinkNamespace = uint.Parse(Shell.Run("stat", "-L", "-c", "%i", "/var/run/netns/" + network.Sink).Trim(), CultureInfo.InvariantCulture);
        Console.WriteLine($"kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, {Environment.ProcessorCount} CPUs; tracer on CPU {Describe(readerCpu)}, generator on CPU {Describe(generatorCpu)}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"load: minimal IPv4/UDP frames from an AF_PACKET TX ring on {LoadNetwork.SenderDevice} to a MAC {LoadNetwork.SinkDevice} does not have, dropped by ip_rcv_core as {load.ReasonName} (reason {load.ReasonNumber}) in {network.Sink} (netns {sinkNamespace})");
        Console.WriteLine($"tracers write to files in {files.Path} (tmpfs); bpftrace {BpftraceVersion()} with BPFTRACE_PERF_RB_PAGES={BpftraceReader.PerfPagesPerCpu} (4 MiB per CPU); netdrop {options.NetDropPath} with its default buffers (BPF ring 4 MiB, tracepoint 4 MiB per CPU)");
        Console.WriteLine($"each selects the load's drops in the kernel: bpftrace /reason == {load.ReasonNumber} && netns/, watch --source bpf --filter 'reason == {load.ReasonName} && netns == {sinkNamespace}', watch --source tracepoint --kernel-filter '{load.FilterFor(0).Replace("common_pid == 0", "common_pid == GENERATOR", StringComparison.Ordinal)}'");
        Console.WriteLine("CPU: the tracer's whole process (wait4 rusage, start to exit) minus an idle run of the same command as long (ready to stop) with no load; BPF ns/run: the kernel's run_time_ns / run_cnt (bpf_stats) of the process's program over the load");
        Console.WriteLine("bpftrace's script:");
        Console.WriteLine(BpftraceReader.Script(load.ReasonNumber, sinkNamespace));

        var readers = new List<ILoadReader>();
        foreach (string name in options.Readers)
        {
            readers.Add(name == BpftraceReader.ReaderName
                ? new BpftraceReader(scratch, sinkNamespace, tools, files, readerCpu)
                : new NetDropWatchReader(options.NetDropPath, name.Split('-')[0], name.EndsWith("json", StringComparison.Ordinal), sinkNamespace, tools, files, readerCpu));
        }

        double maxRate = load.MeasureMaximumRate(cancel);
        double runRate = options.Rate ?? maxRate;
        long count = options.Count ?? (long)(runRate * options.Seconds);
        TimeSpan bound = TimeSpan.FromSeconds(Math.Max(60, 20 * count / runRate));
        Console.WriteLine(options.Rate is null
            ? $"each tracer: {count:N0} drops, the generator as fast as it can (about {options.Seconds} s at the untraced maximum)"
            : $"each tracer: {count:N0} drops, the generator paced to {runRate:N0}/s");

        List<IReadOnlyList<ReaderMeasurement>> runs = ReaderRounds.Run(readers, null, load, count, options.Rate, bound, options.Runs, cancel);
        Console.WriteLine();
        Console.Write(WatchTable.Format(runs, maxRate));
        Console.WriteLine($"load average at the end {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static string BpftraceVersion()
    {
        try
        {
            return Shell.Run("bpftrace", "--version").Trim();
        }
        catch (HarnessException)
        {
            return "(version unknown)";
        }
    }

    private static string Describe(int? cpu) => cpu is int value ? value.ToString(CultureInfo.InvariantCulture) : "(not pinned)";
}
