using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// A drop tracer run as a user runs it (netdrop watch, bpftrace): the whole process pinned to the reader
/// CPU, its standard output and error in files on tmpfs, stopped with SIGINT once the load has ended
/// and it has had a moment to drain. Its CPU is wait4's rusage of the whole process, start-up and exit
/// included, minus that of an idle run of the same command as long (from ready to stop) with no load:
/// what is left is what the drops cost it. It counts the event lines it wrote. The generator's rate while
/// it was attached is the in-kernel cost; a BPF program's own run time comes from the kernel's
/// statistics for the process's programs (<see cref="BpfRunStatistics"/>), taken around the load.
/// </summary>
internal abstract class WholeProcessDropReader : ILoadReader
{
    /// <summary>The wait after the load before SIGINT, as a user would stop a trace once the traffic ends.</summary>
    private static readonly TimeSpan DrainPause = TimeSpan.FromMilliseconds(500);

    /// <summary>The wait after the tracer says it is ready, for its probes to be attached everywhere.</summary>
    private static readonly TimeSpan ReadyPause = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly LoadGenerator _tools;
    private readonly CaptureFileDirectory _files;
    private readonly int? _cpu;

    protected WholeProcessDropReader(LoadGenerator tools, CaptureFileDirectory files, int? cpu)
    {
        _tools = tools;
        _files = files;
        _cpu = cpu;
    }

    public abstract string Name { get; }

    /// <summary>The output file's name in the tmpfs directory.</summary>
    protected abstract string FileName { get; }

    /// <summary>The command, tracing the load whose generator is <paramref name="generatorPid"/>.</summary>
    protected abstract string[] Command(DropLoad load, int generatorPid);

    /// <summary>Whether the tracer, <paramref name="pid"/>, is tracing, from what it has written so far.</summary>
    protected abstract bool IsReady(int pid, string output, string errors);

    /// <summary>Event lines in the output, the drops the tracer says it lost, and its own words for them.</summary>
    protected abstract (long Counted, long ToolLost, string Detail) Counts(string outputFile, string errors);

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        string output = _files.File(FileName);
        string errors = _files.File(FileName + ".err");
        long before = load.KernelDropCount();
        long sent = 0;
        double seconds = 0;
        long released;
        BpfRunStatistics program = default;
        string[] command;
        Run loaded;
        using (var generator = new GeneratorThread(load, count, rate, bound, cancel))
        {
            command = Command(load, generator.Pid);
            loaded = RunOnce(command, output, errors, bound, pid =>
            {
                BpfRunStatistics start = BpfRunStatistics.Of(pid);
                generator.Go();
                (sent, seconds) = generator.Join();
                program = BpfRunStatistics.Of(pid).Since(start);
                Thread.Sleep(DrainPause);
            });
            released = generator.StartTimestamp;
        }

        long expected = load.KernelDropCount() - before;
        (long counted, long toolLost, string detail) = Counts(output, loaded.Errors);
        long fileBytes = _files.Remove(output);
        _files.Remove(errors);

        cancel.ThrowIfCancellationRequested();
        Run idle = RunOnce(command, output, errors, bound, _ => Thread.Sleep(loaded.ReadyToStop));
        _files.Remove(output);
        _files.Remove(errors);

        string note = string.Format(
            CultureInfo.InvariantCulture,
            "whole process {0:0.0} ms loaded - {1:0.0} ms idle ({2:0.0} s from ready to stop); output {3:N0} bytes{4}",
            loaded.CpuNanoseconds / 1e6, idle.CpuNanoseconds / 1e6, loaded.ReadyToStop.TotalSeconds, fileBytes,
            program.Programs > 0
                ? string.Format(CultureInfo.InvariantCulture, "; BPF program {0:0.0} ns per run over {1:N0} runs, {2} instructions verified", program.NanosecondsPerRun, program.Runs, program.Instructions)
                : string.Empty);
        return new ReaderMeasurement(
            Name, 0, sent, seconds, expected, counted, toolLost, detail,
            Stopwatch.GetElapsedTime(released, loaded.StoppedAt).TotalSeconds, loaded.CpuNanoseconds - idle.CpuNanoseconds, null, note)
        {
            Program = program.Programs > 0 ? program : null,
        };
    }

    /// <summary>Lines of <paramref name="path"/> that <paramref name="isEvent"/> accepts, read in large blocks (the file may be a gigabyte).</summary>
    protected static long CountLines(string path, Func<ReadOnlySpan<byte>, bool> isEvent)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        byte[] buffer = new byte[1 << 20];
        int kept = 0;
        long lines = 0;
        while (true)
        {
            int read = stream.Read(buffer, kept, buffer.Length - kept);
            int length = kept + read;
            ReadOnlySpan<byte> data = buffer.AsSpan(0, length);
            int start = 0;
            int newline;
            while ((newline = data[start..].IndexOf((byte)'\n')) >= 0)
            {
                if (isEvent(data.Slice(start, newline)))
                {
                    lines++;
                }

                start += newline + 1;
            }

            if (read == 0)
            {
                if (start < length && isEvent(data[start..]))
                {
                    lines++;
                }

                return lines;
            }

            // The unfinished line moves to the front; a line longer than the buffer is not an event line.
            kept = length - start < buffer.Length ? length - start : 0;
            data.Slice(start, kept).CopyTo(buffer);
        }
    }

    /// <summary>One run: started, waited for until it traces, <paramref name="whileReady"/> (given its pid), stopped.</summary>
    private Run RunOnce(string[] command, string output, string errors, TimeSpan bound, Action<int> whileReady)
    {
        File.Delete(output);
        File.Delete(errors);

        // sh gives the redirections and execs the tracer in place, so the wrapper's wait4 is the tracer's own.
        string[] redirected = ["sh", "-c", "out=$1; err=$2; shift 2; exec \"$@\" >\"$out\" 2>\"$err\"", "sh", output, errors, .. command];
        using MeasuredProcess process = MeasuredProcess.Start(_tools, _cpu, bound + TimeSpan.FromSeconds(60), redirected);
        long started = Stopwatch.GetTimestamp();
        while (!IsReady(process.Pid, ReadText(output, 4096), ReadText(errors, 1 << 16)))
        {
            if (process.HasExited || Stopwatch.GetElapsedTime(started) > StartLimit)
            {
                throw new HarnessException($"{Name} did not start tracing within {StartLimit.TotalSeconds:0} s: {ReadText(errors, 4096).Trim()} {ReadText(output, 4096).Trim()}");
            }

            Thread.Sleep(50);
        }

        Thread.Sleep(ReadyPause);
        long ready = Stopwatch.GetTimestamp();
        whileReady(process.Pid);
        long stopping = Stopwatch.GetTimestamp();
        (int status, long cpu, _) = process.Stop(Name, TimeSpan.FromSeconds(120));
        string errorText = ReadText(errors, 1 << 20);
        if (status is not (0 or 130))
        {
            throw new HarnessException($"{Name} exited {status}: {errorText.Trim()}");
        }

        return new Run(cpu, Stopwatch.GetElapsedTime(ready, stopping), stopping, errorText);
    }

    /// <summary>The first <paramref name="limit"/> bytes of a file the tracer is writing, or of what it wrote.</summary>
    private static string ReadText(string path, int limit)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            byte[] buffer = new byte[Math.Min(limit, Math.Max(1, (int)Math.Min(stream.Length, limit)))];
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
    }

    private sealed record Run(long CpuNanoseconds, TimeSpan ReadyToStop, long StoppedAt, string Errors);
}
