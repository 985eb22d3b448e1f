using System;
using NetDrop.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace NetDrop.Cli.Metrics;

/// <summary>
/// Exports the NetDrop meter to an OpenTelemetry Collector over OTLP with the OpenTelemetry .NET SDK:
/// periodically while a command runs, and once more when it is disposed, so a short run's counts arrive.
/// </summary>
internal sealed class OtlpExport : IDisposable
{
    private readonly MeterProvider _provider;

    private OtlpExport(MeterProvider provider) => _provider = provider;

    /// <summary>The endpoint's URL: http(s)://host:port, for OTLP/HTTP (/v1/metrics is added when the path is empty) or gRPC.</summary>
    public static OtlpExport Start(Uri endpoint, OtlpExportProtocol protocol, TimeSpan interval)
    {
        Uri target = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath is "" or "/"
            ? new Uri(endpoint, "/v1/metrics")
            : endpoint;
        MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("netdrop").AddAttributes([new("host.name", Environment.MachineName)]))
            .AddMeter(DropMetrics.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = target;
                exporter.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;

                // Counters as running totals, what Prometheus expects after the collector.
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build();
        return new OtlpExport(provider);
    }

    /// <summary>Parses --otlp-protocol: http (OTLP/HTTP protobuf, port 4318) or grpc (port 4317).</summary>
    public static OtlpExportProtocol ParseProtocol(string value) => value.ToLowerInvariant() switch
    {
        "http" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        "grpc" => OtlpExportProtocol.Grpc,
        _ => throw new ArgumentException($"--otlp-protocol: '{value}' is not http or grpc"),
    };

    /// <summary>Sends what has been counted now; false when the collector did not take it in time.</summary>
    public bool Flush(TimeSpan timeout) => _provider.ForceFlush((int)timeout.TotalMilliseconds);

    public void Dispose() => _provider.Dispose();
}
