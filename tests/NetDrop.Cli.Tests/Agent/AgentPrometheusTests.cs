using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Agent;

/// <summary>
/// The real Prometheus (Debian's prometheus package) scrapes netdrop agent --listen every second; the
/// drops this test causes in a namespace of its own come back through Prometheus's HTTP query API.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class AgentPrometheusTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [LiveKernelFact("prometheus")]
    public void Prometheus_scraping_the_agent_reads_back_the_drops_the_test_caused()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using AgentProcess agent = AgentProcess.Start(null, "--source", "tracepoint", "--kernel-filter", sender.KernelFilter);
        string directory = Directory.CreateTempSubdirectory("netdrop-prometheus-").FullName;
        int port = AgentProcess.FreePort();
        string config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: netdrop
                static_configs:
                  - targets: ['{agent.Address}']
            """);
        using Process prometheus = Process.Start(new ProcessStartInfo("prometheus")
        {
            ArgumentList = { "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(directory, "data"), "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--log.level=warn" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            string api = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/v1/query?query=";
            Assert.Equal(1, WaitForValue(api + Uri.EscapeDataString("up{job=\"netdrop\"}"), v => v == 1));
            Assert.Equal(1, WaitForValue(api + Uri.EscapeDataString("netdrop_source_up"), v => v == 1));

            sender.Send(25);
            Thread.Sleep(300);
            sender.Send(12);

            string query = $"sum(netdrop_drops_total{{reason=\"NO_SOCKET\",function=\"__udp4_lib_rcv\",host=\"{Environment.MachineName}\",source=\"tracepoint\"}})";
            Assert.Equal(37, WaitForValue(api + Uri.EscapeDataString(query), v => v >= 37));
            Assert.Equal(0, WaitForValue(api + Uri.EscapeDataString("sum(netdrop_source_restarts_total)"), v => v == 0));
        }
        finally
        {
            if (!prometheus.HasExited)
            {
                prometheus.Kill(entireProcessTree: true);
                prometheus.WaitForExit(10_000);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Queries until the single result satisfies <paramref name="done"/> (60 s at most); the last value, or -1 for none.</summary>
    private static double WaitForValue(string url, Func<double, bool> done)
    {
        var clock = Stopwatch.StartNew();
        double value = -1;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using JsonDocument answer = JsonDocument.Parse(Http.GetStringAsync(url).GetAwaiter().GetResult());
                JsonElement result = answer.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() == 1)
                {
                    value = double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                    if (done(value))
                    {
                        return value;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            Thread.Sleep(250);
        }

        return value;
    }
}
