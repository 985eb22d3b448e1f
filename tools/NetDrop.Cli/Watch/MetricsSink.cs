using NetDrop.Metrics;

namespace NetDrop.Cli.Watch;

/// <summary>Counts each drop that passed the filter in the NetDrop meter, for --otlp.</summary>
internal sealed class MetricsSink : IDropSink
{
    private readonly DropMetrics _metrics;

    public MetricsSink(DropMetrics metrics) => _metrics = metrics;

    public void Write(in WatchedDrop drop) => _metrics.Record(drop.Event);

    public void Flush()
    {
        // The exporter sends on its own schedule (--otlp-interval) and once more at exit.
    }
}
