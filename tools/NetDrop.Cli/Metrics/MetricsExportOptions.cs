using System;
using OpenTelemetry.Exporter;

namespace NetDrop.Cli.Metrics;

/// <summary>Where and how a command sends its drop counts.</summary>
/// <param name="Endpoint">The OpenTelemetry Collector's OTLP endpoint.</param>
/// <param name="Interval">How often counts are sent while the command runs (they are sent once more at its end).</param>
internal sealed record MetricsExportOptions(Uri Endpoint, OtlpExportProtocol Protocol, TimeSpan Interval);
