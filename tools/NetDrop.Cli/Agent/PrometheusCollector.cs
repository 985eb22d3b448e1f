using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using NetDrop.Metrics;

namespace NetDrop.Cli.Agent;

/// <summary>
/// Keeps the NetDrop meter's values for Prometheus to pull: a MeterListener adds each counter measurement
/// to its series' running total and keeps the last value of each gauge and observable counter. Memory is bounded: at most
/// <see cref="MaxSeries"/> series (the meter's own label caps keep a host far below it); measurements of
/// series past that are counted in netdrop_unexported_measurements_total rather than stored.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    public const int DefaultMaxSeries = 4096;

    private readonly MeterListener _listener = new();
    private readonly Dictionary<SeriesKey, Series> _series = new();
    private readonly List<Series> _ordered = new();
    private readonly object _lock = new();
    private readonly HostLabels _host;
    private long _unexported;

    public PrometheusCollector(HostLabels host, int maxSeries = DefaultMaxSeries)
    {
        _host = host;
        MaxSeries = maxSeries;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DropMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public int MaxSeries { get; }

    public int SeriesCount
    {
        get
        {
            lock (_lock)
            {
                return _series.Count;
            }
        }
    }

    /// <summary>Writes every series in Prometheus text format 0.0.4; gauges are read now.</summary>
    public void WriteTo(Stream output)
    {
        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            PrometheusText.Write(output, _ordered, _host, _unexported);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new SeriesKey(instrument, tags);
        bool isCounter = instrument is not ObservableGauge<long> and not ObservableGauge<int>;

        // An observable counter reports its running total; a counter reports each increment.
        bool isTotal = !isCounter || instrument is ObservableCounter<long> or ObservableCounter<int>;
        lock (_lock)
        {
            if (!_series.TryGetValue(key, out Series? series))
            {
                if (_series.Count >= MaxSeries)
                {
                    _unexported++;
                    return;
                }

                var names = new string[key.Count];
                for (int i = 0; i < names.Length; i++)
                {
                    names[i] = tags[i].Key;
                }

                series = new Series(key, names, isCounter);
                _series.Add(key, series);
                _ordered.Add(series);
            }

            series.Value = isTotal ? value : series.Value + value;
        }
    }

    /// <summary>One series and its value: a running total for a counter, the last reading for a gauge.</summary>
    internal sealed class Series(SeriesKey key, string[] labelNames, bool isCounter)
    {
        public SeriesKey Key { get; } = key;

        public string[] LabelNames { get; } = labelNames;

        public bool IsCounter { get; } = isCounter;

        public long Value { get; set; }
    }
}
