using System;
using System.Diagnostics;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// A capture program (tcpdump, netsniff-ng) in the sink namespace on the sink device, writing to
/// /dev/null: started, waited for until its socket is bound, its CPU taken from there to its exit
/// (so its last drain counts), stopped with SIGINT, and its own counts read from what it prints.
/// </summary>
internal abstract class ExternalCaptureReader : ILoadReader
{
    private readonly LoadGenerator _tools;
    private readonly LoadNetwork _network;
    private readonly int? _cpu;

    protected ExternalCaptureReader(LoadGenerator tools, LoadNetwork network, int? cpu, int ringKilobytes)
    {
        _tools = tools;
        _network = network;
        _cpu = cpu;
        RingKilobytes = ringKilobytes;
    }

    public abstract string Name { get; }

    protected int RingKilobytes { get; }

    protected int? Cpu => _cpu;

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        long before = load.KernelDropCount();
        using var generator = new GeneratorThread(load, count, rate, bound, cancel);
        string[] command = ["ip", "netns", "exec", _network.Sink, .. Command(LoadNetwork.SinkDevice)];
        using MeasuredProcess process = MeasuredProcess.Start(_tools, _cpu, bound + TimeSpan.FromSeconds(60), command);
        PacketSocketReadiness.WaitFor(process, Name, _network.SinkIfindex(), TimeSpan.FromSeconds(30));

        long cpuBefore = CpuClock.OfProcess(process.Pid);
        generator.Go();
        (long sent, double seconds) = generator.Join();

        // The ring may still hold frames: a moment to drain them, as a capture would before it is stopped.
        Thread.Sleep(TimeSpan.FromMilliseconds(500));
        (int status, long cpuTotal, string output) = process.Stop(Name, TimeSpan.FromSeconds(60));
        long end = Stopwatch.GetTimestamp();
        if (status is not (0 or 130))
        {
            throw new HarnessException($"{Name} exited {status}: {process.Errors.Trim()}");
        }

        long expected = load.KernelDropCount() - before;
        (long captured, long kernelDropped, string detail) = Counts(output + "\n" + process.Errors);
        return new ReaderMeasurement(
            Name, RingKilobytes, sent, seconds, expected, captured, kernelDropped, detail,
            Stopwatch.GetElapsedTime(generator.StartTimestamp, end).TotalSeconds, cpuTotal - cpuBefore, null, null);
    }

    /// <summary>The program and its arguments, capturing on <paramref name="device"/> to /dev/null.</summary>
    protected abstract string[] Command(string device);

    /// <summary>Frames the program says it captured, those it says the kernel dropped, and its own words for them.</summary>
    protected abstract (long Captured, long KernelDropped, string Detail) Counts(string printed);
}
