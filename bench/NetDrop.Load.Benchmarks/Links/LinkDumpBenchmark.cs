using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using NetDrop.Kernel;
using NetDrop.Netlink.Raw;
using NetDrop.Netlink.Sockets;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// A dump of every link of a namespace holding 2N veth links, through the code generated from the
/// kernel's rt-link.yaml, beside the usual tools. Whole processes first, as a user runs them, each
/// round running each tool once (wall time from start to exit, CPU from the kernel's accounting of
/// the waited child): this harness's own 'links-child' mode (a .NET process that dumps the links
/// through the generated code and prints one line per link), 'ip -j link' and pyroute2's
/// IPRoute().get_links() after setns. Then in-process on a warm connection: the handler path
/// (nothing kept; 0 B per attribute) and an allocating path (a record per link, strings decoded).
/// </summary>
internal static class LinkDumpBenchmark
{
    /// <summary>The pyroute2 program: setns, then the dump the way pyroute2's users write it.</summary>
    private const string PyRoute2 = """
        import sys
        from pyroute2 import IPRoute, netns
        netns.setns(sys.argv[1])
        with IPRoute() as ipr:
            links = ipr.get_links()
        print(len(links))
        """;

    /// <summary>Debian's python3-pyroute2; a pyenv python on PATH would not have it.</summary>
    private const string Python = "/usr/bin/python3";

    public static void Run(LinkDumpOptions options, CancellationToken cancel)
    {
        string netns = LoadNetwork.Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-links";
        string scratch = PrivateDirectory.Create(Path.GetTempPath(), "links");
        string batch = Path.Combine(scratch, "links.ip");
        try
        {
            Stopwatch setup = Stopwatch.StartNew();
            Shell.Run("ip", "netns", "add", netns);
            File.WriteAllLines(batch, Enumerable.Range(0, options.Pairs).Select(i => $"link add ndbl{i} type veth peer name ndblp{i}"));
            Shell.Run(TimeSpan.FromSeconds(300), "ip", "-n", netns, "-batch", batch);
            int expected = (2 * options.Pairs) + 1;
            Console.WriteLine($"namespace {netns}: {options.Pairs} veth pairs and lo, {expected} links, made in {setup.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average {File.ReadAllText("/proc/loadavg").Trim()}");

            var tools = new List<(string Name, Func<string> Run, Func<string, int> Count)>
            {
                ("netdrop (generated rt-link)", () => Shell.Run(TimeSpan.FromSeconds(60), ChildCommand()[0], ChildCommand().Skip(1).Append(netns).ToArray()), CountLines),
                ("ip -j link", () => Shell.Run(TimeSpan.FromSeconds(60), "ip", "-n", netns, "-j", "link"), output => JsonDocument.Parse(output).RootElement.GetArrayLength()),
            };
            if (HasPyRoute2())
            {
                tools.Add(("pyroute2 get_links()", () => Shell.Run(TimeSpan.FromSeconds(120), Python, "-c", PyRoute2, netns), output => int.Parse(output.Trim(), CultureInfo.InvariantCulture)));
            }
            else
            {
                Console.WriteLine("pyroute2: NOT MEASURED: /usr/bin/python3 cannot import pyroute2 (apt-get install python3-pyroute2)");
            }

            var wall = tools.ToDictionary(t => t.Name, _ => new List<double>());
            var cpu = tools.ToDictionary(t => t.Name, _ => new List<double>());
            for (int round = 0; round <= options.Rounds; round++)
            {
                foreach ((string name, Func<string> run, Func<string, int> count) in tools)
                {
                    cancel.ThrowIfCancellationRequested();
                    long cpuBefore = CpuClock.WaitedChildren();
                    long start = Stopwatch.GetTimestamp();
                    string output = run();
                    double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    double cpuMilliseconds = (CpuClock.WaitedChildren() - cpuBefore) / 1e6;
                    int seen = count(output);
                    if (seen != expected)
                    {
                        throw new HarnessException($"{name} saw {seen} links, not {expected}");
                    }

                    // Round 0 warms the page cache and the tools' files; it is not counted.
                    if (round > 0)
                    {
                        wall[name].Add(milliseconds);
                        cpu[name].Add(cpuMilliseconds);
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Whole processes, {options.Rounds} rounds (after one not counted), {expected} links each:");
            Console.WriteLine("| process                     | wall min / median / max (ms) | CPU min / median / max (ms) | wall/link (µs) | CPU/link (µs) | wall vs ip | CPU vs ip |");
            Console.WriteLine("|-----------------------------|-----------------------------:|----------------------------:|---------------:|--------------:|-----------:|----------:|");
            double ipWall = Median(wall["ip -j link"]);
            double ipCpu = Median(cpu["ip -j link"]);
            foreach ((string name, _, _) in tools)
            {
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "| {0,-27} | {1,28} | {2,27} | {3,14:0.0} | {4,13:0.0} | {5,10:0.00} | {6,9:0.00} |",
                    name,
                    Spread(wall[name]),
                    Spread(cpu[name]),
                    Median(wall[name]) * 1000 / expected,
                    Median(cpu[name]) * 1000 / expected,
                    Median(wall[name]) / ipWall,
                    Median(cpu[name]) / ipCpu));
            }

            InProcess(netns, expected, options.Rounds);
        }
        finally
        {
            Shell.TryRun("ip", "netns", "del", netns);
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The warm in-process dump, on a thread inside the namespace (setns moves one thread).</summary>
    private static void InProcess(string netns, int expected, int rounds)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(netns);
                using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
                (int links, long attributes) = LinkDump.CountAttributes(connection);
                if (links != expected)
                {
                    throw new HarnessException($"the in-process dump saw {links} links, not {expected}");
                }

                for (int i = 0; i < 50; i++)
                {
                    LinkDump.Read(connection);
                    LinkDump.Collect(connection);
                }

                var handler = new InProcessRounds();
                var allocating = new InProcessRounds();
                for (int round = 0; round < rounds; round++)
                {
                    handler.Measure(() => LinkDump.Read(connection).Links);
                    allocating.Measure(() => LinkDump.Collect(connection).Count);
                }

                Console.WriteLine();
                Console.WriteLine($"In-process, a warm connection, {rounds} rounds of {InProcessRounds.DumpsPerRound} dumps each, per dump ({links} links, {attributes} top-level attributes):");
                Console.WriteLine("| path        | wall min / median / max (ms) | wall/link (µs) | CPU/link (µs) | bytes/link | bytes/attribute |");
                Console.WriteLine("|-------------|-----------------------------:|---------------:|--------------:|-----------:|----------------:|");
                handler.Print("handler", links, attributes);
                allocating.Print("allocating", links, attributes);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new HarnessException("in-process dump: " + failure.Message, failure);
        }
    }

    /// <summary>The command that runs this harness's links-child mode: the apphost, or dotnet and the dll.</summary>
    private static string[] ChildCommand()
    {
        string process = Environment.ProcessPath ?? throw new HarnessException("the harness cannot tell its own path");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? new[] { process, typeof(LinkDumpBenchmark).Assembly.Location, "links-child" }
            : new[] { process, "links-child" };
    }

    private static bool HasPyRoute2()
    {
        try
        {
            Shell.Run(TimeSpan.FromSeconds(30), Python, "-c", "import pyroute2");
            return true;
        }
        catch (HarnessException)
        {
            return false;
        }
    }

    private static int CountLines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    internal static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static string Spread(List<double> values) =>
        string.Format(CultureInfo.InvariantCulture, "{0:0.0} / {1:0.0} / {2:0.0}", values.Min(), Median(values), values.Max());
}
