using System;
using System.Collections.Generic;
using NetDrop.Cli.Metrics;
using NetDrop.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace NetDrop.Cli.Agent;

/// <summary>
/// The agent's push to an OpenTelemetry Collector: the NetDrop meter over OTLP, as watch --otlp sends it,
/// with the machine in the resource (host.name, and k8s.node.name, k8s.pod.name in Kubernetes), which the
/// collector's Prometheus exporter turns into labels on every series (resource_to_telemetry_conversion).
/// </summary>
internal sealed class AgentOtlpExport : IDisposable
{
    private readonly MeterProvider _provider;

    private AgentOtlpExport(MeterProvider provider) => _provider = provider;

    public static AgentOtlpExport Start(MetricsExportOptions options, HostLabels host)
    {
        Uri target = options.Protocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf && options.Endpoint.AbsolutePath is "" or "/"
            ? new Uri(options.Endpoint, "/v1/metrics")
            : options.Endpoint;
        var attributes = new List<KeyValuePair<string, object>> { new("host.name", host.Host) };
        if (host.Node is { } node)
        {
            attributes.Add(new("k8s.node.name", node));
        }

        if (host.Pod is { } pod)
        {
            attributes.Add(new("k8s.pod.name", pod));
        }

        MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("netdrop-agent").AddAttributes(attributes))
            .AddMeter(DropMetrics.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = target;
                exporter.Protocol = options.Protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.Interval.TotalMilliseconds;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build();
        return new AgentOtlpExport(provider);
    }

    /// <summary>Sends what has been counted now; false when the collector did not take it in time.</summary>
    public bool Flush(TimeSpan timeout) => _provider.ForceFlush((int)timeout.TotalMilliseconds);

    public void Dispose() => _provider.Dispose();
}
