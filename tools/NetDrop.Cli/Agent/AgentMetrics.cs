using System;
using System.Diagnostics.Metrics;
using System.Threading;
using NetDrop.Metrics;

namespace NetDrop.Cli.Agent;

/// <summary>
/// The agent's own instruments, in a meter of the same name as the drop counters (so every exporter that
/// takes those takes these): netdrop.source_up, 1 while a source delivers drops and 0 while it is being
/// retried; netdrop.source_restarts, how often a failed source was opened again.
/// </summary>
internal sealed class AgentMetrics : IDisposable
{
    private readonly Meter _meter;
    private int _up;
    private long _restarts;

    public AgentMetrics()
    {
        _meter = new Meter(DropMetrics.MeterName, typeof(AgentMetrics).Assembly.GetName().Version?.ToString());
        _meter.CreateObservableGauge("netdrop.source_up", () => Volatile.Read(ref _up), "1", "1 while the drop source is open and delivering, 0 while it has failed and is being retried.");
        // Observable, so the series exists (at 0) from the first scrape and an alert on its increase has a baseline.
        _meter.CreateObservableCounter("netdrop.source_restarts", () => Interlocked.Read(ref _restarts), "{restart}", "Times the drop source failed and was opened again.");
    }

    public bool SourceUp
    {
        get => Volatile.Read(ref _up) == 1;
        set => Volatile.Write(ref _up, value ? 1 : 0);
    }

    public void CountRestart() => Interlocked.Increment(ref _restarts);

    public void Dispose() => _meter.Dispose();
}
