using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// netdrop watch --source tracepoint|bpf --write FILE as a user runs it: the whole process, pinned to
/// the reader CPU, writing its pcapng file on tmpfs, stopped with SIGINT once the load has ended and
/// the source has had a moment to drain. Its CPU is wait4's rusage of the whole process less that of an
/// idle run of the same command for as long (from the file's first bytes to the stop) with no load:
/// what is left is what the drops cost. The tracepoint run gets the same kernel filter as perf record
/// (reason, protocol and the generator's tasks); the BPF run, which sees every drop on the machine,
/// keeps the sink namespace's OTHERHOST drops (--netns, tested in its program, and --filter).
/// Counted is what it says it wrote; its own loss count is what it says the source lost.
/// </summary>
internal sealed partial class NetDropWatchWriteReader : ILoadReader
{
    /// <summary>The wait after the load before SIGINT, as a user would stop once traffic ends.</summary>
    private static readonly TimeSpan DrainPause = TimeSpan.FromMilliseconds(500);

    private readonly string _netdrop;
    private readonly string _source;
    private readonly LoadGenerator _tools;
    private readonly LoadNetwork _network;
    private readonly CaptureFileDirectory _files;
    private readonly int? _cpu;
    private readonly int _bufferKilobytes;

    public NetDropWatchWriteReader(string netdrop, string source, LoadGenerator tools, LoadNetwork network, CaptureFileDirectory files, int? cpu, int bufferKilobytes)
    {
        _netdrop = netdrop;
        _source = source;
        _tools = tools;
        _network = network;
        _files = files;
        _cpu = cpu;
        _bufferKilobytes = bufferKilobytes;
    }

    public string Name => "watch " + _source;

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        string file = _files.File($"watch-{_source}.pcapng");
        long before = load.KernelDropCount();
        long sent = 0;
        double seconds = 0;
        long released;
        string kernelFilter;
        Run loaded;
        using (var generator = new GeneratorThread(load, count, rate, bound, cancel))
        {
            kernelFilter = load.FilterFor(generator.Pid);
            loaded = RunOnce(Command(load, kernelFilter, file), file, bound, () =>
            {
                generator.Go();
                (sent, seconds) = generator.Join();
                Thread.Sleep(DrainPause);
            });
            released = generator.StartTimestamp;
        }

        long expected = load.KernelDropCount() - before;
        long fileBytes = _files.Remove(file);
        (long written, long sourceLost, string detail) = Counts(loaded.Output);

        // The idle run's filter names a generator that is gone: it records nothing, as intended.
        cancel.ThrowIfCancellationRequested();
        Run idle = RunOnce(Command(load, kernelFilter, file), file, bound, () => Thread.Sleep(loaded.ReadyToStop));
        _files.Remove(file);

        string note = string.Format(
            CultureInfo.InvariantCulture,
            "whole process {0:0.0} ms loaded - {1:0.0} ms idle ({2:0.0} s from ready to stop); file {3:N0} bytes",
            loaded.CpuNanoseconds / 1e6, idle.CpuNanoseconds / 1e6, loaded.ReadyToStop.TotalSeconds, fileBytes);
        return new ReaderMeasurement(
            Name, _bufferKilobytes, sent, seconds, expected, written, sourceLost, detail,
            Stopwatch.GetElapsedTime(released, loaded.StoppedAt).TotalSeconds, loaded.CpuNanoseconds - idle.CpuNanoseconds, null, note);
    }

    private string[] Command(DropLoad load, string kernelFilter, string file)
    {
        string buffer = _bufferKilobytes.ToString(CultureInfo.InvariantCulture) + "KiB";
        return _source == "tracepoint"
            ? [_netdrop, "watch", "--source", "tracepoint", "--kernel-filter", kernelFilter, "--buffer-size", buffer, "--write", file]
            : [_netdrop, "watch", "--source", "bpf", "--netns", _network.Sink, "--filter", "reason == " + load.ReasonName, "--buffer-size", buffer, "--write", file];
    }

    /// <summary>One run: started, waited for until its file has its first bytes (the source is open by then), <paramref name="whileReady"/>, stopped.</summary>
    private Run RunOnce(string[] command, string file, TimeSpan bound, Action whileReady)
    {
        using MeasuredProcess process = MeasuredProcess.Start(_tools, _cpu, bound + TimeSpan.FromSeconds(60), command);
        WaitForFile(process, file, TimeSpan.FromSeconds(60));
        long ready = Stopwatch.GetTimestamp();
        whileReady();
        long stopping = Stopwatch.GetTimestamp();
        (int status, long cpu, string output) = process.Stop(Name, TimeSpan.FromSeconds(120));
        if (status is not (0 or 130))
        {
            throw new HarnessException($"netdrop {Name} exited {status}: {process.Errors.Trim()} {output.Trim()}");
        }

        return new Run(cpu, Stopwatch.GetElapsedTime(ready, stopping), stopping, output + "\n" + process.Errors);
    }

    /// <summary>
    /// netdrop creates the file only once the source is open and recording, and its loop flushes the
    /// section header within one wait (100 ms): bytes in the file mean drops from now on are read.
    /// </summary>
    private void WaitForFile(MeasuredProcess process, string file, TimeSpan limit)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            process.ThrowIfExited(Name);
            var info = new FileInfo(file);
            if (info.Exists && info.Length > 0)
            {
                return;
            }

            Thread.Sleep(20);
        }

        throw new HarnessException($"netdrop {Name} did not start writing {file} within {limit.TotalSeconds:0} s");
    }

    private (long Written, long SourceLost, string Detail) Counts(string printed)
    {
        Match wrote = WroteLine().Match(printed);
        Match lost = LostLine().Match(printed);
        if (!wrote.Success || !lost.Success)
        {
            throw new HarnessException($"netdrop {Name} did not print its counts: {printed.Trim()}");
        }

        long sourceLost = lost.Groups[1].Value == "unknown" ? -1 : long.Parse(lost.Groups[1].Value, CultureInfo.InvariantCulture);
        return (long.Parse(wrote.Groups[1].Value, CultureInfo.InvariantCulture), Math.Max(0, sourceLost), "netdrop: lost by the source " + lost.Groups[1].Value + " (" + lost.Groups[2].Value + ")");
    }

    [GeneratedRegex(@"Wrote (\d+) drops to")]
    private static partial Regex WroteLine();

    [GeneratedRegex(@"Lost by the source: (\d+|unknown) \((.*)\)\.")]
    private static partial Regex LostLine();

    private sealed record Run(long CpuNanoseconds, TimeSpan ReadyToStop, long StoppedAt, string Output);
}
