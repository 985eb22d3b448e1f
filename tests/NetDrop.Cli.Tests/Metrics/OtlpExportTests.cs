using System;
using System.Linq;
using NetDrop.Cli.Metrics;
using OpenTelemetry.Exporter;

namespace NetDrop.Tests.Metrics;

/// <summary>The drop counters exported with the OpenTelemetry SDK's OTLP exporter, as a collector receives them.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void A_collector_receives_the_drop_lost_and_capture_counters_with_their_labels()
    {
        using var receiver = new OtlpReceiver();
        using (MetricsExport export = MetricsExport.Start(new MetricsExportOptions(receiver.Endpoint, OtlpExportProtocol.HttpProtobuf, TimeSpan.FromHours(1)))!)
        {
            for (int i = 0; i < 3; i++)
            {
                export.Metrics.Record(new DropEvent(0, DropReason.NoSocket, "NO_SOCKET", 0, 0, "__udp4_lib_rcv+0x9a2/0xc30", 1, 0x0800, default, DropSource.Tracepoint));
            }

            export.Metrics.Record(new DropEvent(0, DropReason.NetfilterDrop, "NETFILTER_DROP", 0, 0, "nft_do_chain+0x47f [nf_tables]", null, 0x86dd, default, DropSource.NetDm) { InterfaceName = "veth1" });
            export.Metrics.RecordLost(DropSource.Tracepoint, 12, "ring_overrun");
            export.Metrics.RecordCapture("veth1", 500, 40);
            Assert.True(export.Finish(), "the exporter reported that the flush did not complete");
        }

        Assert.Empty(receiver.Problems);
        var points = receiver.Latest.Where(p => p.Metric.StartsWith("netdrop.", StringComparison.Ordinal)).ToList();
        Assert.All(points, p => Assert.True(p.Cumulative, p.ToString()));

        OtlpMetricPoint noSocket = Assert.Single(points, p => p.Metric == "netdrop.drops" && p.Label("reason") == "NO_SOCKET");
        Assert.Equal(3, noSocket.Value);
        Assert.Equal("__udp4_lib_rcv", noSocket.Label("function"));
        Assert.Equal("ifindex 1", noSocket.Label("interface"));
        Assert.Equal("tracepoint", noSocket.Label("source"));
        Assert.Equal("core", noSocket.Label("subsystem"));

        OtlpMetricPoint netfilter = Assert.Single(points, p => p.Metric == "netdrop.drops" && p.Label("reason") == "NETFILTER_DROP");
        Assert.Equal(1, netfilter.Value);
        Assert.Equal("nft_do_chain", netfilter.Label("function"));
        Assert.Equal("veth1", netfilter.Label("interface"));

        Assert.Equal(12, Assert.Single(points, p => p.Metric == "netdrop.lost_events").Value);
        Assert.Equal(500, Assert.Single(points, p => p.Metric == "netdrop.capture.frames").Value);
        Assert.Equal(40, Assert.Single(points, p => p.Metric == "netdrop.capture.dropped_frames").Value);
    }
}
