using System;
using NetDrop.Cli.Metrics;

namespace NetDrop.Cli.Demo;

/// <param name="PerKind">Drops caused of each kind.</param>
/// <param name="Duration">Time over which they are spread.</param>
/// <param name="Otlp">An OpenTelemetry Collector to send the drop counts to, or null.</param>
internal sealed record DemoOptions(DropSourcePreference Source, int PerKind, TimeSpan Duration, MetricsExportOptions? Otlp = null);
