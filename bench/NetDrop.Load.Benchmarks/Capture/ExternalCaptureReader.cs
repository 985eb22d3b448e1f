using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// A capture program (netdrop capture, the C floor, tcpdump, netsniff-ng) measured as a user runs it:
/// the whole process, started in the sink namespace on the sink device and pinned to the reader CPU,
/// writing its file on tmpfs, stopped with SIGINT once the load has ended and the ring has had a moment
/// to drain. Its CPU is wait4's rusage of the whole process, start-up and exit included, minus that of
/// an idle run of the same command for the same length (from its socket being ready to its stop) with
/// no traffic: what is left is what the frames cost. Its counts are read from what it prints.
/// </summary>
internal abstract class ExternalCaptureReader : ILoadReader
{
    /// <summary>The wait after the load before SIGINT, as a user would stop a capture once traffic ends.</summary>
    private static readonly TimeSpan DrainPause = TimeSpan.FromMilliseconds(500);

    private readonly LoadGenerator _tools;
    private readonly LoadNetwork _network;
    private readonly CaptureFileDirectory _files;
    private readonly int? _cpu;

    protected ExternalCaptureReader(LoadGenerator tools, LoadNetwork network, CaptureFileDirectory files, int? cpu, int ringKilobytes)
    {
        _tools = tools;
        _network = network;
        _files = files;
        _cpu = cpu;
        RingKilobytes = ringKilobytes;
    }

    public abstract string Name { get; }

    protected int RingKilobytes { get; }

    /// <summary>The file's name in the tmpfs directory (its extension says its format).</summary>
    protected abstract string FileName { get; }

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        string file = _files.File(FileName);
        long before = load.KernelDropCount();
        long sent = 0;
        double seconds = 0;
        long released = 0;
        Run loaded;
        using (var generator = new GeneratorThread(load, count, rate, bound, cancel))
        {
            loaded = RunOnce(file, bound, () =>
            {
                generator.Go();
                (sent, seconds) = generator.Join();
                Thread.Sleep(DrainPause);
            });
            released = generator.StartTimestamp;
        }

        long expected = load.KernelDropCount() - before;
        long fileBytes = _files.Remove(file);
        (long captured, long kernelDropped, string detail) = Counts(loaded.Output);

        cancel.ThrowIfCancellationRequested();
        Run idle = RunOnce(file, bound, () => Thread.Sleep(loaded.ReadyToStop));
        _files.Remove(file);

        string note = string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "whole process {0:0.0} ms loaded - {1:0.0} ms idle ({2:0.0} s from ready to stop); file {3:N0} bytes",
            loaded.CpuNanoseconds / 1e6, idle.CpuNanoseconds / 1e6, loaded.ReadyToStop.TotalSeconds, fileBytes);
        return new ReaderMeasurement(
            Name, RingKilobytes, sent, seconds, expected, captured, kernelDropped, detail,
            Stopwatch.GetElapsedTime(released, loaded.StoppedAt).TotalSeconds, loaded.CpuNanoseconds - idle.CpuNanoseconds, null, note);
    }

    /// <summary>The program and its arguments, capturing on <paramref name="device"/> into <paramref name="file"/>.</summary>
    protected abstract string[] Command(string device, string file);

    /// <summary>Frames the program says it captured, those it says the kernel dropped, and its own words for them.</summary>
    protected abstract (long Captured, long KernelDropped, string Detail) Counts(string printed);

    /// <summary>One run of the program: started, waited for until its socket is bound, <paramref name="whileReady"/>, stopped.</summary>
    private Run RunOnce(string file, TimeSpan bound, Action whileReady)
    {
        string[] command = ["ip", "netns", "exec", _network.Sink, .. Command(LoadNetwork.SinkDevice, file)];
        using MeasuredProcess process = MeasuredProcess.Start(_tools, _cpu, bound + TimeSpan.FromSeconds(60), command);
        PacketSocketReadiness.WaitFor(process, Name, _network.SinkIfindex(), TimeSpan.FromSeconds(30));
        long ready = Stopwatch.GetTimestamp();
        whileReady();
        long stopping = Stopwatch.GetTimestamp();
        (int status, long cpu, string output) = process.Stop(Name, TimeSpan.FromSeconds(60));
        if (status is not (0 or 130))
        {
            throw new HarnessException($"{Name} exited {status}: {process.Errors.Trim()} {output.Trim()}");
        }

        return new Run(cpu, Stopwatch.GetElapsedTime(ready, stopping), stopping, output + "\n" + process.Errors);
    }

    private sealed record Run(long CpuNanoseconds, TimeSpan ReadyToStop, long StoppedAt, string Output);
}
