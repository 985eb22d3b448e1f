using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// netdrop agent under a sustained drop rate: the generator paced in its namespace, the agent counting its
/// drops (the kernel filter selects them and nothing else), the agent's resident memory and CPU sampled
/// every second from /proc, and its /metrics read every 10 s. The verdict is whether memory stays flat
/// after the warm-up, and whether the agent counted what the kernel dropped.
/// </summary>
internal static class AgentSoak
{
    /// <summary>Memory may grow by this much from the end of the warm-up to the end and still count as flat.</summary>
    private const long FlatKilobytes = 8 * 1024;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static void Run(AgentSoakOptions options, CancellationToken cancel)
    {
        (_, int? generatorCpu) = CpuPinning.Choose(options.GeneratorCpu == 0 ? 1 : 0, options.GeneratorCpu);
        using ScratchDirectory scratch = ScratchDirectory.Create();
        foreach (string stale in LoadNetwork.RemoveStale())
        {
            Console.WriteLine($"removed the namespace {stale} of a harness that is gone");
        }

        LoadGenerator tools = LoadGenerator.Compile(scratch);
        using LoadNetwork network = LoadNetwork.Create();
        var load = new DropLoad(DropLoadKind.NoSocket, network, tools, generatorCpu);
        long count = (long)(options.Rate * options.Seconds);
        using GeneratorRun generator = load.Start(count, options.Rate, TimeSpan.FromSeconds(options.Seconds * 2 + 60));
        int port = FreePort();
        using Process agent = StartAgent(options.Netdrop!, port, load.FilterFor(generator.Pid));
        var log = new List<string>();
        agent.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    // The agent logs a few lines, and one per loss report: the harness keeps the last 200.
                    log.Add(e.Data);
                    if (log.Count > 200)
                    {
                        log.RemoveAt(0);
                    }
                }
            }
        };
        agent.BeginErrorReadLine();
        agent.BeginOutputReadLine();
        try
        {
            WaitForSource(agent, log);
            Console.WriteLine($"kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, {Environment.ProcessorCount} CPUs; generator on CPU {(generatorCpu?.ToString(CultureInfo.InvariantCulture) ?? "any")}");
            Console.WriteLine($"agent: {options.Netdrop} agent --listen 127.0.0.1:{port} --source tracepoint (pid {agent.Id}); load {options.Rate:N0} NO_SOCKET drops/s for {options.Seconds:0} s; warm-up {options.Warmup:0} s");
            long kernelBefore = load.KernelDropCount();
            generator.Release();
            List<Sample> samples = SampleEverySecond(agent, port, options, cancel);
            (long sent, double seconds) = generator.Wait(cancel);
            Thread.Sleep(3000);
            long kernel = load.KernelDropCount() - kernelBefore;
            string scrape = Scrape(port);
            Report(options, samples, sent, seconds, kernel, Metric(scrape, "netdrop_drops_total"), Metric(scrape, "netdrop_lost_events_total"), Metric(scrape, "netdrop_source_restarts_total"));
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
                agent.WaitForExit(10_000);
            }
        }

        lock (log)
        {
            foreach (string line in log.Where(l => l.Contains("\"level\":\"error\"", StringComparison.Ordinal) || l.Contains("\"event\":\"loss\"", StringComparison.Ordinal)).Take(10))
            {
                Console.WriteLine("agent log: " + line);
            }
        }
    }

    private static Process StartAgent(string netdrop, int port, string filter)
    {
        bool dll = netdrop.EndsWith(".dll", StringComparison.Ordinal);
        var arguments = new List<string>();
        if (dll)
        {
            arguments.Add(netdrop);
        }

        arguments.AddRange(["agent", "--listen", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--source", "tracepoint", "--kernel-filter", filter, "--log-format", "json"]);
        return Shell.Start(dll ? "dotnet" : netdrop, arguments.ToArray());
    }

    private static void WaitForSource(Process agent, List<string> log)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            lock (log)
            {
                if (log.Any(l => l.Contains("\"event\":\"source\"", StringComparison.Ordinal)))
                {
                    return;
                }
            }

            if (agent.HasExited)
            {
                break;
            }

            Thread.Sleep(100);
        }

        lock (log)
        {
            throw new HarnessException("the agent did not open its source: " + string.Join(" | ", log));
        }
    }

    private static List<Sample> SampleEverySecond(Process agent, int port, AgentSoakOptions options, CancellationToken cancel)
    {
        var samples = new List<Sample>();
        using StreamWriter? csv = options.Csv is null ? null : new StreamWriter(options.Csv);
        csv?.WriteLine("seconds,rss_kib,cpu_percent,drops_counted");
        var clock = Stopwatch.StartNew();
        long lastCpu = CpuTicks(agent.Id);
        TimeSpan lastAt = clock.Elapsed;
        long drops = 0;
        for (int second = 1; second <= (int)options.Seconds; second++)
        {
            TimeSpan next = TimeSpan.FromSeconds(second) - clock.Elapsed;
            if (next > TimeSpan.Zero && cancel.WaitHandle.WaitOne(next))
            {
                cancel.ThrowIfCancellationRequested();
            }

            if (agent.HasExited)
            {
                throw new HarnessException($"the agent exited ({agent.ExitCode}) after {second} s");
            }

            long cpu = CpuTicks(agent.Id);
            TimeSpan at = clock.Elapsed;
            double percent = (cpu - lastCpu) * 100.0 / ClockTicks / (at - lastAt).TotalSeconds;
            (lastCpu, lastAt) = (cpu, at);
            if (second % 10 == 0)
            {
                drops = Metric(Scrape(port), "netdrop_drops_total");
            }

            var sample = new Sample(second, RssKilobytes(agent.Id), percent, drops);
            samples.Add(sample);
            csv?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sample.Second},{sample.RssKilobytes},{sample.CpuPercent:0.0},{sample.Drops}"));
            if (second % 60 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {second,5} s  RSS {sample.RssKilobytes / 1024.0,7:0.0} MiB  CPU {sample.CpuPercent,5:0.0} %  counted {drops:N0}"));
            }
        }

        return samples;
    }

    private static void Report(AgentSoakOptions options, List<Sample> samples, long sent, double seconds, long kernel, long counted, long lost, long restarts)
    {
        Sample[] steady = samples.Where(s => s.Second > options.Warmup).ToArray();
        long atWarmup = steady[0].RssKilobytes;
        long end = steady[^1].RssKilobytes;
        long max = steady.Max(s => s.RssKilobytes);
        long min = steady.Min(s => s.RssKilobytes);

        // Least-squares slope of RSS after the warm-up, in KiB per minute.
        double meanX = steady.Average(s => (double)s.Second);
        double meanY = steady.Average(s => (double)s.RssKilobytes);
        double slope = steady.Sum(s => (s.Second - meanX) * (s.RssKilobytes - meanY)) / Math.Max(1, steady.Sum(s => (s.Second - meanX) * (s.Second - meanX))) * 60;
        double cpuMean = steady.Average(s => s.CpuPercent);
        double cpuMax = steady.Max(s => s.CpuPercent);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generator: {sent:N0} packets in {seconds:0.0} s ({sent / seconds:N0}/s); the kernel counted {kernel:N0} NO_SOCKET drops"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agent counted {counted:N0} ({(kernel > 0 ? 100.0 * counted / kernel : 0):0.00} % of the kernel's count), lost {lost:N0}, restarts {restarts}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS after warm-up: {atWarmup / 1024.0:0.0} MiB at {options.Warmup:0} s, {end / 1024.0:0.0} MiB at the end, min {min / 1024.0:0.0}, max {max / 1024.0:0.0} MiB, slope {slope:0.0} KiB/min"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU after warm-up: mean {cpuMean:0.0} %, max {cpuMax:0.0} % of one CPU"));
        Console.WriteLine(end - atWarmup <= FlatKilobytes && max - min <= 2 * FlatKilobytes
            ? $"memory FLAT after warm-up (grew {(end - atWarmup) / 1024.0:0.0} MiB; limit {FlatKilobytes / 1024} MiB)"
            : $"memory NOT FLAT after warm-up (grew {(end - atWarmup) / 1024.0:0.0} MiB, range {(max - min) / 1024.0:0.0} MiB; limit {FlatKilobytes / 1024} MiB)");
    }

    /// <summary>USER_HZ: the unit of /proc/PID/stat's times, 100 on every Linux architecture NetDrop runs on.</summary>
    private const double ClockTicks = 100;

    /// <summary>utime + stime of the whole process (threads that ended included), from /proc/PID/stat.</summary>
    private static long CpuTicks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static long RssKilobytes(int pid)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new HarnessException($"/proc/{pid}/status has no VmRSS");
    }

    private static string Scrape(int port)
    {
        try
        {
            return Http.GetStringAsync($"http://127.0.0.1:{port}/metrics").GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Threading.Tasks.TaskCanceledException)
        {
            throw new HarnessException("scraping the agent failed: " + exception.Message, exception);
        }
    }

    /// <summary>The sum of every sample of <paramref name="name"/> in a scrape.</summary>
    private static long Metric(string scrape, string name) => scrape.Split('\n')
        .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal))
        .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private readonly record struct Sample(int Second, long RssKilobytes, double CpuPercent, long Drops);
}
