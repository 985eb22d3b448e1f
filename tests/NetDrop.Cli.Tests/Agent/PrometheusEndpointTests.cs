using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NetDrop.Cli.Agent;
using NetDrop.Metrics;

namespace NetDrop.Tests.Agent;

/// <summary>What netdrop agent serves at /metrics, and how its HTTP endpoint answers what is not a scrape.</summary>
// Each test listens to the process-wide "NetDrop" meter: one at a time, or one test's drops show in another's scrape.
[Collection(nameof(PrometheusEndpointTests))]
[CollectionDefinition(nameof(PrometheusEndpointTests), DisableParallelization = true)]
public sealed class PrometheusEndpointTests
{
    private static readonly HostLabels Host = HostLabels.From("node-a", "k8s-node-7", "netdrop-agent-x2k9");

    [Fact]
    public void Counters_carry_the_host_node_and_pod_and_their_labels_in_the_text_format()
    {
        using var collector = new PrometheusCollector(Host);
        using var metrics = new DropMetrics();
        for (int i = 0; i < 3; i++)
        {
            metrics.Record(Drop("NO_SOCKET", "__udp4_lib_rcv+0x9a2/0xc30"));
        }

        metrics.RecordLost(DropSource.Tracepoint, 12, "source");

        string text = Scrape(collector);

        Assert.Contains("# TYPE netdrop_drops_total counter", text);
        Assert.Contains("netdrop_drops_total{host=\"node-a\",node=\"k8s-node-7\",pod=\"netdrop-agent-x2k9\",reason=\"NO_SOCKET\",subsystem=\"core\",function=\"__udp4_lib_rcv\",interface=\"ifindex 1\",source=\"tracepoint\"} 3\n", text);
        Assert.Contains("netdrop_lost_events_total{host=\"node-a\",node=\"k8s-node-7\",pod=\"netdrop-agent-x2k9\",source=\"tracepoint\",where=\"source\"} 12\n", text);
        Assert.All(text.Split('\n').Where(l => l.Length > 0 && l[0] != '#'), l => Assert.StartsWith("netdrop_", l));
    }

    [Fact]
    public void A_label_value_with_quotes_backslashes_and_newlines_cannot_break_a_line_or_forge_a_series()
    {
        using var collector = new PrometheusCollector(HostLabels.From("h", null, null));
        using var metrics = new DropMetrics();
        metrics.Record(Drop("NO_SOCKET", "f") with { InterfaceName = "ev\"il\\\n} 99\nnetdrop_drops_total{x=\"" });

        string text = Scrape(collector);

        string line = Assert.Single(text.Split('\n'), l => l.StartsWith("netdrop_drops_total", StringComparison.Ordinal));
        Assert.Contains("interface=\"ev\\\"il\\\\\\n} 99\\nnetdrop_drops_total{x=\\\"\"", line);
        Assert.EndsWith(" 1", line);
    }

    [Fact]
    public void Past_its_series_cap_the_store_counts_measurements_instead_of_growing()
    {
        using var collector = new PrometheusCollector(HostLabels.From("h", null, null), maxSeries: 5);
        using var metrics = new DropMetrics();
        for (int i = 0; i < 50; i++)
        {
            metrics.Record(Drop("REASON_" + i, "f"));
        }

        string text = Scrape(collector);

        Assert.Equal(5, collector.SeriesCount);
        Assert.Equal(5, text.Split('\n').Count(l => l.StartsWith("netdrop_drops_total{", StringComparison.Ordinal)));
        Assert.Contains("netdrop_unexported_measurements_total{host=\"h\"} 45\n", text);
    }

    /// <summary>
    /// The store's part of counting a drop. (DropMetrics.Record itself still allocates for a symbol with an
    /// offset, or an interface known by index only: it cuts and formats those strings per drop.)
    /// </summary>
    [Fact]
    public void Storing_a_drop_of_a_known_series_allocates_nothing()
    {
        using var collector = new PrometheusCollector(HostLabels.From("h", null, null));
        using var metrics = new DropMetrics();
        DropEvent drop = Drop("NO_SOCKET", "__udp4_lib_rcv") with { InterfaceName = "lo" };
        metrics.Record(drop);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            metrics.Record(drop);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Contains("source=\"tracepoint\"} 1001\n", Scrape(collector));
    }

    [Theory]
    [InlineData("POST /metrics HTTP/1.1\r\n\r\n", "HTTP/1.1 405 ")]
    [InlineData("GET /metrics/../etc/passwd HTTP/1.1\r\n\r\n", "HTTP/1.1 404 ")]
    [InlineData("GET /metrics?x=1 HTTP/1.1\r\n\r\n", "HTTP/1.1 404 ")]
    [InlineData("GET %2Fmetrics HTTP/1.1\r\n\r\n", "HTTP/1.1 404 ")]
    [InlineData("GET /metrics\r\n\r\n", "HTTP/1.1 400 ")]
    [InlineData("GET /healthz HTTP/1.0\r\n\r\n", "HTTP/1.1 200 ")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 ")]
    public void Only_get_of_the_two_exact_paths_is_answered(string request, string status)
    {
        using var collector = new PrometheusCollector(HostLabels.From("h", null, null));
        using MetricsHttpServer server = MetricsHttpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), collector.WriteTo, () => (true, "ok"));

        string answer = Send(server.EndPoint, Encoding.ASCII.GetBytes(request));

        Assert.StartsWith(status, answer);
        Assert.Contains("Connection: close\r\n", answer);
    }

    [Fact]
    public void Headers_past_8_KiB_are_refused_without_reading_on()
    {
        using var collector = new PrometheusCollector(HostLabels.From("h", null, null));
        using MetricsHttpServer server = MetricsHttpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), collector.WriteTo, () => (true, "ok"));

        string answer = Send(server.EndPoint, Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nX: " + new string('a', 20_000) + "\r\n\r\n"));

        Assert.StartsWith("HTTP/1.1 431 ", answer);
    }

    [Fact]
    public void A_health_check_that_fails_answers_503()
    {
        using var collector = new PrometheusCollector(HostLabels.From("h", null, null));
        using MetricsHttpServer server = MetricsHttpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), collector.WriteTo, () => (false, "stuck"));

        string answer = Send(server.EndPoint, "GET /healthz HTTP/1.1\r\n\r\n"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 503 ", answer);
        Assert.EndsWith("\r\n\r\nstuck\n", answer);
    }

    private static DropEvent Drop(string reason, string symbol) =>
        new(0, null, reason, 0, 0, symbol, 1, 0x0800, default, DropSource.Tracepoint);

    private static string Scrape(PrometheusCollector collector)
    {
        var output = new MemoryStream();
        collector.WriteTo(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static string Send(IPEndPoint endPoint, byte[] request)
    {
        using var client = new TcpClient();
        client.Connect(endPoint);
        client.ReceiveTimeout = 10_000;
        NetworkStream stream = client.GetStream();
        try
        {
            stream.Write(request);
        }
        catch (IOException)
        {
            // The server may answer and close before an oversized request is all sent.
        }

        var answer = new MemoryStream();
        try
        {
            stream.CopyTo(answer);
        }
        catch (IOException)
        {
            // A reset after the answer (unread request bytes) ends the stream like a close.
        }

        return Encoding.ASCII.GetString(answer.ToArray());
    }
}
