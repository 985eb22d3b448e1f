using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Agent;

/// <summary>A running netdrop agent with --listen on a free loopback port, scraped over HTTP as Prometheus would.</summary>
internal sealed class AgentProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private AgentProcess(NetdropProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public NetdropProcess Process { get; }

    public int Port { get; }

    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts the agent (as root, or as nobody with <paramref name="capabilities"/>) and waits until its source is open.</summary>
    public static AgentProcess Start(string? capabilities, params string[] arguments) => StartAwaiting(capabilities, "source", arguments);

    /// <summary>Starts the agent and waits for its first log line of the event <paramref name="awaited"/>.</summary>
    public static AgentProcess StartAwaiting(string? capabilities, string awaited, params string[] arguments) =>
        StartWith(all => capabilities is null ? NetdropProcess.Start(all) : NetdropProcess.StartWithCapabilities(capabilities, all), awaited, arguments);

    /// <summary>Starts the agent as root under a wrapper (see <see cref="NetdropProcess.StartUnder"/>) and waits until its source is open.</summary>
    public static AgentProcess StartUnder(string file, string[] prefix, params string[] arguments) =>
        StartWith(all => NetdropProcess.StartUnder(file, prefix, all), "source", arguments);

    private static AgentProcess StartWith(Func<string[], NetdropProcess> start, string awaited, string[] arguments)
    {
        int port = FreePort();
        string[] all = ["agent", "--listen", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--log-format", "json", .. arguments];
        NetdropProcess process = start(all);
        var agent = new AgentProcess(process, port);
        try
        {
            agent.WaitForLog(awaited, TimeSpan.FromSeconds(30));
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the <paramref name="count"/>th JSON log line of the event <paramref name="name"/>.</summary>
    public string WaitForLog(string name, TimeSpan timeout, int count = 1)
    {
        string marker = $"\"event\":\"{name}\"";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string[] lines = Process.Stderr.Where(l => l.Contains(marker, StringComparison.Ordinal)).ToArray();
            if (lines.Length >= count)
            {
                return lines[count - 1];
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"no {count}th '{name}' log line within {timeout.TotalSeconds} s\n{Process.Transcript}");
            }

            Thread.Sleep(50);
        }
    }

    public string Scrape() => Http.GetStringAsync($"http://{Address}/metrics").GetAwaiter().GetResult();

    public (int Status, string Body) Health()
    {
        using HttpResponseMessage answer = Http.GetAsync($"http://{Address}/healthz").GetAwaiter().GetResult();
        return ((int)answer.StatusCode, answer.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>A source that never opened: source_up 0, no restart counted, /healthz 200 saying it is retried, and the agent still running.</summary>
    public void AssertServingWithSourceDown()
    {
        string scrape = Scrape();
        Assert.Equal(0, Sample(scrape, "netdrop_source_up"));
        Assert.Equal(0, Sample(scrape, "netdrop_source_restarts_total"));
        (int status, string body) = Health();
        Assert.Equal(200, status);
        Assert.Contains("the source is down and being retried", body);
        Assert.False(Process.Stderr.Any(l => l.Contains("\"event\":\"stop\"", StringComparison.Ordinal)), Process.Transcript);
    }

    /// <summary>The value of the one sample whose line starts with <paramref name="name"/> and holds every one of <paramref name="labels"/>; 0 when there is none.</summary>
    public static long Sample(string scrape, string name, params string[] labels)
    {
        long[] values = scrape.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .ToArray();
        Assert.True(values.Length <= 1, $"one {name} sample with {string.Join(", ", labels)}:\n{scrape}");
        return values.Length == 0 ? 0 : values[0];
    }

    /// <summary>Scrapes until <paramref name="done"/> holds, at most <paramref name="timeout"/>; returns the last scrape.</summary>
    public string ScrapeUntil(Func<string, bool> done, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string scrape = Scrape();
        while (!done(scrape) && clock.Elapsed < timeout)
        {
            Thread.Sleep(100);
            scrape = Scrape();
        }

        return scrape;
    }

    public void Dispose() => Process.Dispose();

    internal static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>The capabilities the shipped unit grants (AmbientCapabilities), in setpriv's spelling: "dac_override,syslog".</summary>
    public static string UnitCapabilities(string unitText)
    {
        Match line = Regex.Match(unitText, @"^AmbientCapabilities=(.+)$", RegexOptions.Multiline);
        Assert.True(line.Success, "the unit sets AmbientCapabilities");
        return string.Join(',', line.Groups[1].Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.StartsWith("CAP_", StringComparison.Ordinal) ? c[4..].ToLowerInvariant() : c.ToLowerInvariant()));
    }
}
