using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NetDrop.Tracing.Benchmarks;

/// <summary>
/// perf record -e skb:kfree_skb -a with the same filter, writing to a file in the scratch directory.
/// It starts with its events disabled (-D -1) and is enabled through its control fifo, so its start-up
/// (reading every process's maps) is outside the measurement; its CPU is counted from there to its
/// exit, which includes its last drain and finishing the file. Counts come from perf report --stats.
/// </summary>
internal sealed class PerfReader : IDropReader
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
            _tools.Path, "rusage", Seconds(bound + TimeSpan.FromSeconds(60)),
            "perf", "record", "-e", "skb:kfree_skb", "--filter", load.FilterFor(generator.Pid), "-a", "--no-buildid",
            "-D", "-1", "--control", $"fifo:{control.Path},{ack.Path}", "-o", data,
        };
        if (_mmapKilobytes > 0)
        {
            perf.AddRange(new[] { "-m", _mmapKilobytes.ToString(CultureInfo.InvariantCulture) + "K" });
        }

        string[] command = ReaderCommand.Pinned(_cpu, perf.ToArray());
        using Process wrapper = Shell.Start(command[0], command[1..]);
        Task<string> errors = wrapper.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            int perfPid = ChildPid(wrapper);
            control.WriteLine("enable");
            string? acknowledged = null;
            for (int second = 0; second < 30 && acknowledged is null && !wrapper.HasExited; second++)
            {
                acknowledged = ack.Read(TimeSpan.FromSeconds(1));
            }

            if (acknowledged is null || !acknowledged.StartsWith("ack", StringComparison.Ordinal))
            {
                wrapper.Kill(entireProcessTree: true);
                wrapper.WaitForExit(TimeSpan.FromSeconds(10));
                throw new HarnessException("perf record did not start: " + (errors.Wait(TimeSpan.FromSeconds(5)) ? errors.Result.Trim() : "(no output)"));
            }

            long cpuBefore = CpuClock.OfProcess(perfPid);
            generator.Go();
            (long sent, double seconds) = generator.Join();

            // perf stops on SIGINT (the wrapper passes it on), reads what its buffers still hold and closes the file.
            NativeMethods.Kill(wrapper.Id, NativeMethods.SIGINT);
            string output = Finish(wrapper, errors);
            long end = Stopwatch.GetTimestamp();
            long cpuTotal = ParseRusage(output, errors.Result);
            long expected = load.KernelDropCount() - before;

            (long samples, long lost) = Stats(data);
            string note = $"perf -m {(_mmapKilobytes > 0 ? _mmapKilobytes + " KiB" : "default")} per CPU; file {new FileInfo(data).Length / 1e6:0.0} MB";
            return new ReaderMeasurement(
                Name, _mmapKilobytes, sent, seconds, expected, samples, lost, $"LOST_SAMPLES {lost}",
                Stopwatch.GetElapsedTime(generator.StartTimestamp, end).TotalSeconds, cpuTotal - cpuBefore, null, note);
        }
        finally
        {
            if (!wrapper.HasExited)
            {
                wrapper.Kill(entireProcessTree: true);
            }

            File.Delete(data);
            File.Delete(data + ".old");
        }
    }

    private static string Seconds(TimeSpan time) => ((long)time.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>The wrapper's first line names perf's pid.</summary>
    private static int ChildPid(Process wrapper)
    {
        Task<string?> line = wrapper.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is not string text || !text.StartsWith("child ", StringComparison.Ordinal))
        {
            throw new HarnessException("the perf wrapper did not start perf");
        }

        return int.Parse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (bounded) for the wrapper to end and returns the rest of its output.</summary>
    private static string Finish(Process wrapper, Task<string> errors)
    {
        Task<string> output = wrapper.StandardOutput.ReadToEndAsync();
        if (!wrapper.WaitForExit(TimeSpan.FromSeconds(300)))
        {
            wrapper.Kill(entireProcessTree: true);
            throw new HarnessException("perf record did not finish within 300 s of SIGINT");
        }

        wrapper.WaitForExit();
        errors.Wait(TimeSpan.FromSeconds(10));
        return output.Wait(TimeSpan.FromSeconds(10)) ? output.Result : string.Empty;
    }

    private static long ParseRusage(string output, string errors)
    {
        foreach (string line in output.Split('\n'))
        {
            string[] words = line.Trim().Split(' ');
            if (words.Length >= 7 && words[0] == "rusage")
            {
                int status = int.Parse(words[6], CultureInfo.InvariantCulture);

                // 130: perf re-raises the SIGINT it stopped on.
                if (status is not (0 or 130))
                {
                    throw new HarnessException($"perf record exited {status}: {errors.Trim()}");
                }

                return long.Parse(words[2], CultureInfo.InvariantCulture) + long.Parse(words[4], CultureInfo.InvariantCulture);
            }
        }

        throw new HarnessException($"perf record's CPU time is unknown (the wrapper said: {output.Trim()}; perf said: {errors.Trim()})");
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
