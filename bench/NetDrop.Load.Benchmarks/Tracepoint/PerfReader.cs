using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// perf record -e skb:kfree_skb -a with the same filter, writing to a file in the scratch directory.
/// It starts with its events disabled (-D -1) and is enabled through its control fifo, so its start-up
/// (reading every process's maps) is outside the measurement; its CPU is counted from there to its
/// exit, which includes its last drain and finishing the file. Counts come from perf report --stats.
/// </summary>
internal sealed class PerfReader : ILoadReader
{
    private readonly LoadGenerator _tools;
    private readonly ScratchDirectory _scratch;
    private readonly int? _cpu;
    private readonly int _mmapKilobytes;

    public PerfReader(LoadGenerator tools, ScratchDirectory scratch, int? cpu, int mmapKilobytes)
    {
        _tools = tools;
        _scratch = scratch;
        _cpu = cpu;
        _mmapKilobytes = mmapKilobytes;
    }

    public string Name => "perf record";

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        long before = load.KernelDropCount();
        using var generator = new GeneratorThread(load, count, rate, bound, cancel);
        string data = _scratch.File("kfree_skb.perf.data");
        using ControlFifo control = ControlFifo.Create(_scratch.File("perf-ctl"));
        using ControlFifo ack = ControlFifo.Create(_scratch.File("perf-ack"));
        var perf = new List<string>
        {
            "perf", "record", "-e", "skb:kfree_skb", "--filter", load.FilterFor(generator.Pid), "-a", "--no-buildid",
            "-D", "-1", "--control", $"fifo:{control.Path},{ack.Path}", "-o", data,
        };
        if (_mmapKilobytes > 0)
        {
            perf.AddRange(new[] { "-m", _mmapKilobytes.ToString(CultureInfo.InvariantCulture) + "K" });
        }

        using MeasuredProcess process = MeasuredProcess.Start(_tools, _cpu, bound + TimeSpan.FromSeconds(60), perf.ToArray());
        try
        {
            control.WriteLine("enable");
            string? acknowledged = null;
            for (int second = 0; second < 30 && acknowledged is null && !process.HasExited; second++)
            {
                acknowledged = ack.Read(TimeSpan.FromSeconds(1));
            }

            if (acknowledged is null || !acknowledged.StartsWith("ack", StringComparison.Ordinal))
            {
                process.ThrowIfExited(Name);
                throw new HarnessException("perf record did not acknowledge being enabled within 30 s");
            }

            long cpuBefore = CpuClock.OfProcess(process.Pid);
            generator.Go();
            (long sent, double seconds) = generator.Join();

            // perf stops on SIGINT (the wrapper passes it on), reads what its buffers still hold and closes the file.
            (int status, long cpuTotal, _) = process.Stop(Name, TimeSpan.FromSeconds(300));
            long end = Stopwatch.GetTimestamp();

            // 130: perf re-raises the SIGINT it stopped on.
            if (status is not (0 or 130))
            {
                throw new HarnessException($"perf record exited {status}: {process.Errors.Trim()}");
            }

            long expected = load.KernelDropCount() - before;
            (long samples, long lost) = Stats(data);
            string note = $"perf -m {(_mmapKilobytes > 0 ? _mmapKilobytes + " KiB" : "default")} per CPU; file {new FileInfo(data).Length / 1e6:0.0} MB";
            return new ReaderMeasurement(
                Name, _mmapKilobytes, sent, seconds, expected, samples, lost, $"LOST_SAMPLES {lost}",
                Stopwatch.GetElapsedTime(generator.StartTimestamp, end).TotalSeconds, cpuTotal - cpuBefore, null, note);
        }
        finally
        {
            File.Delete(data);
            File.Delete(data + ".old");
        }
    }

    /// <summary>skb:kfree_skb samples in the file, and the samples perf says it lost (its LOST_SAMPLES count).</summary>
    private static (long Samples, long Lost) Stats(string data)
    {
        string text = Shell.Run(TimeSpan.FromSeconds(600), "perf", "report", "-i", data, "--stats");
        long samples = 0;
        long lost = 0;
        bool inEvent = false;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.EndsWith("stats:", StringComparison.Ordinal))
            {
                inEvent = line.StartsWith("skb:kfree_skb", StringComparison.Ordinal);
                continue;
            }

            if (inEvent && line.StartsWith("SAMPLE events:", StringComparison.Ordinal))
            {
                samples = FirstNumber(line);
            }
            else if (inEvent && line.StartsWith("LOST_SAMPLES events:", StringComparison.Ordinal))
            {
                lost = FirstNumber(line);
            }
        }

        return (samples, lost);
    }

    private static long FirstNumber(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
}
