using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Tracing;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The text trace_pipe of a tracefs instance of the harness's own (same event, filter and buffer
/// size as NetDrop's), read by loadgen's line counter: the cheapest user-space reader of the text,
/// so what it costs is the kernel formatting every event as text. Losses: the instance's per-CPU
/// overrun counters and the "[LOST N EVENTS]" lines trace_pipe prints.
/// </summary>
internal sealed class TracePipeReader : ILoadReader
{
    private const string EventDirectory = "events/skb/kfree_skb";

    private readonly LoadGenerator _tools;
    private readonly int? _cpu;
    private readonly int _bufferKilobytes;

    public TracePipeReader(LoadGenerator tools, int? cpu, int bufferKilobytes)
    {
        _tools = tools;
        _cpu = cpu;
        _bufferKilobytes = bufferKilobytes;
    }

    public string Name => "trace_pipe";

    /// <summary>Instances are named ndbench-PID-text; those of a harness that was killed are removed by the next one.</summary>
    public static void RemoveStaleInstances()
    {
        string instances = Path.Combine(Tracefs.Locate(), "instances");
        foreach (string directory in Directory.GetDirectories(instances, LoadNetwork.Prefix + "*"))
        {
            if (LoadNetwork.IsStale(Path.GetFileName(directory)))
            {
                RemoveInstance(directory);
            }
        }
    }

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        string instance = Path.Combine(Tracefs.Locate(), "instances", LoadNetwork.Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-text");
        RemoveInstance(instance);
        Directory.CreateDirectory(instance);
        Process? reader = null;
        try
        {
            long before = load.KernelDropCount();
            using var generator = new GeneratorThread(load, count, rate, bound, cancel);
            Write(instance, "buffer_size_kb", _bufferKilobytes.ToString(CultureInfo.InvariantCulture));
            Write(instance, EventDirectory + "/filter", load.FilterFor(generator.Pid));
            Write(instance, EventDirectory + "/enable", "1");
            string deadline = ((long)(bound + TimeSpan.FromSeconds(60)).TotalSeconds).ToString(CultureInfo.InvariantCulture);
            string[] command = ReaderCommand.Pinned(_cpu, _tools.Path, "textpipe", Path.Combine(instance, "trace_pipe"), deadline);
            reader = Shell.Start(command[0], command[1..]);
            Task<string> errors = reader.StandardError.ReadToEndAsync(CancellationToken.None);
            Task<string?> ready = reader.StandardOutput.ReadLineAsync();
            if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result != "ready")
            {
                throw new HarnessException("the trace_pipe reader did not start: " + (errors.Wait(TimeSpan.FromSeconds(1)) ? errors.Result : string.Empty));
            }

            generator.Go();
            (long sent, double seconds) = generator.Join();

            // Nothing more is recorded; the reader reads what is left and reports.
            Write(instance, EventDirectory + "/enable", "0");
            NativeMethods.Kill(reader.Id, NativeMethods.SIGINT);
            Task<string> output = reader.StandardOutput.ReadToEndAsync();
            if (!reader.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                throw new HarnessException("the trace_pipe reader did not finish within 120 s of SIGINT");
            }

            reader.WaitForExit();
            long end = Stopwatch.GetTimestamp();
            long expected = load.KernelDropCount() - before;
            string[] words = output.Result.Trim().Split(' ');
            if (reader.ExitCode != 0 || words.Length < 10 || words[0] != "lines")
            {
                throw new HarnessException($"the trace_pipe reader exited {reader.ExitCode}: {errors.Result.Trim()} {output.Result.Trim()}");
            }

            long lines = long.Parse(words[1], CultureInfo.InvariantCulture);
            long lostLines = long.Parse(words[3], CultureInfo.InvariantCulture);
            long notices = long.Parse(words[5], CultureInfo.InvariantCulture);
            long cpu = long.Parse(words[7], CultureInfo.InvariantCulture) + long.Parse(words[9], CultureInfo.InvariantCulture);
            long overrun = Overrun(instance);
            string detail = string.Format(CultureInfo.InvariantCulture, "stats-overrun {0}, [LOST] lines {1} ({2} notices)", overrun, lostLines, notices);
            return new ReaderMeasurement(
                Name, _bufferKilobytes, sent, seconds, expected, lines, Math.Max(overrun, lostLines), detail,
                Stopwatch.GetElapsedTime(generator.StartTimestamp, end).TotalSeconds, cpu, null, null);
        }
        finally
        {
            if (reader is not null)
            {
                if (!reader.HasExited)
                {
                    reader.Kill();
                    reader.WaitForExit(TimeSpan.FromSeconds(10));
                }

                reader.Dispose();
            }

            RemoveInstance(instance);
        }
    }

    /// <summary>overrun + dropped events + commit overrun over the instance's CPUs.</summary>
    private static long Overrun(string instance)
    {
        long total = 0;
        foreach (string cpu in Directory.GetDirectories(Path.Combine(instance, "per_cpu"), "cpu*"))
        {
            foreach (string line in File.ReadAllLines(Path.Combine(cpu, "stats")))
            {
                int colon = line.IndexOf(':');
                string key = colon < 0 ? string.Empty : line.Substring(0, colon).Trim();
                if (key is "overrun" or "dropped events" or "commit overrun")
                {
                    total += long.Parse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }

        return total;
    }

    private static void Write(string instance, string file, string value)
    {
        try
        {
            using var stream = new FileStream(Path.Combine(instance, file), FileMode.Open, FileAccess.Write);
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(value);
            stream.Write(bytes, 0, bytes.Length);
        }
        catch (IOException exception)
        {
            throw new HarnessException($"writing '{value}' to {Path.Combine(instance, file)} failed: {exception.Message}", exception);
        }
    }

    private static void RemoveInstance(string instance)
    {
        if (!Directory.Exists(instance))
        {
            return;
        }

        try
        {
            // Disabled first so the kernel stops writing into it; rmdir is how tracefs removes an instance.
            Write(instance, EventDirectory + "/enable", "0");
            Directory.Delete(instance);
        }
        catch (Exception exception) when (exception is IOException or HarnessException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not remove the tracefs instance {instance}: {exception.Message}");
        }
    }
}
