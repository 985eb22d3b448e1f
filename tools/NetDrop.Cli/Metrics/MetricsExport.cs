using System;
using NetDrop.Metrics;

namespace NetDrop.Cli.Metrics;

/// <summary>The drop counters of one command run and their export to a collector.</summary>
internal sealed class MetricsExport : IDisposable
{
    private readonly OtlpExport _export;

    private MetricsExport(DropMetrics metrics, OtlpExport export)
    {
        Metrics = metrics;
        _export = export;
    }

    public DropMetrics Metrics { get; }

    /// <summary>Starts exporting, or returns null when no collector was asked for.</summary>
    public static MetricsExport? Start(MetricsExportOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        // The provider subscribes to the meter by name, so it is built before the meter exists.
        OtlpExport export = OtlpExport.Start(options.Endpoint, options.Protocol, options.Interval);
        return new MetricsExport(new DropMetrics(), export);
    }

    /// <summary>Sends the final counts; false when the collector did not take them within 10 s.</summary>
    public bool Finish() => _export.Flush(TimeSpan.FromSeconds(10));

    public void Dispose()
    {
        _export.Dispose();
        Metrics.Dispose();
    }
}
