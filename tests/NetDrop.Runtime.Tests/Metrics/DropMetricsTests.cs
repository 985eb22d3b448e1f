using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using NetDrop.Metrics;

namespace NetDrop.Tests.Metrics;

/// <summary>What a metrics pipeline receives from <see cref="DropMetrics"/>: instruments, labels, caps.</summary>
public sealed class DropMetricsTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = new();
    private DropMetrics? _metrics;

    public DropMetricsTests()
    {
        // Only this test's meter instance: other tests may create DropMetrics of their own in parallel.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_metrics is not null && instrument.Meter.Name == DropMetrics.MeterName && ReferenceEquals(instrument.Meter, MeterOf(_metrics)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = new Dictionary<string, string?>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                labels[tag.Key] = tag.Value as string;
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, labels));
            }
        });
    }

    [Fact]
    public void Drops_are_counted_by_reason_subsystem_function_interface_and_source()
    {
        DropMetrics metrics = Start(new DropMetricsOptions());
        metrics.Record(Drop("NO_SOCKET", "__udp4_lib_rcv+0x9a2/0xc30", "veth0"));
        metrics.Record(Drop("NETFILTER_DROP", "nft_do_chain+0x47f [nf_tables]", null, ifIndex: 7, subsystem: 0));
        metrics.Record(Drop(null, null, null, source: DropSource.Tracepoint, subsystem: 3));

        var drops = _measurements.Where(m => m.Instrument == "netdrop.drops").ToList();
        Assert.Equal(3, drops.Count);
        Assert.Equal(new Dictionary<string, string?> { ["reason"] = "NO_SOCKET", ["subsystem"] = "core", ["function"] = "__udp4_lib_rcv", ["interface"] = "veth0", ["source"] = "netdm" }, drops[0].Tags);
        Assert.Equal("nft_do_chain", drops[1].Tags["function"]);
        Assert.Equal("ifindex 7", drops[1].Tags["interface"]);
        Assert.Equal(new Dictionary<string, string?> { ["reason"] = "unknown", ["subsystem"] = "openvswitch", ["function"] = "unknown", ["interface"] = "unknown", ["source"] = "tracepoint" }, drops[2].Tags);
        Assert.All(drops, m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public void Symbols_and_interfaces_past_their_caps_become_other()
    {
        DropMetrics metrics = Start(new DropMetricsOptions { MaxSymbols = 2, MaxInterfaces = 1 });
        for (int i = 0; i < 5; i++)
        {
            metrics.Record(Drop("NO_SOCKET", $"f{i}+0x1", $"veth{i}"));
        }

        metrics.Record(Drop("NO_SOCKET", "f0+0x2", "veth0"));

        var drops = _measurements.Where(m => m.Instrument == "netdrop.drops").ToList();
        Assert.Equal(new[] { "f0", "f1", "other", "other", "other", "f0" }, drops.Select(d => d.Tags["function"]));
        Assert.Equal(new[] { "veth0", "other", "other", "other", "other", "veth0" }, drops.Select(d => d.Tags["interface"]));
        Assert.Equal(7, metrics.CappedLabelValues);
    }

    [Fact]
    public void Lost_events_and_capture_gaps_have_their_own_counters()
    {
        DropMetrics metrics = Start(new DropMetricsOptions());
        metrics.RecordLost(DropSource.Tracepoint, 26312, "ring_overrun");
        metrics.RecordLost(DropSource.NetDm, 0, "netlink_enobufs");
        metrics.RecordCapture("veth0", 1000, 40);

        Assert.Equal(
            new[] { ("netdrop.lost_events", 26312L), ("netdrop.capture.frames", 1000L), ("netdrop.capture.dropped_frames", 40L) },
            _measurements.Select(m => (m.Instrument, m.Value)));
        Assert.Equal("ring_overrun", _measurements[0].Tags["where"]);
        Assert.Equal("veth0", _measurements[2].Tags["interface"]);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics?.Dispose();
    }

    private DropMetrics Start(DropMetricsOptions options)
    {
        _metrics = new DropMetrics(options);
        _listener.Start();
        return _metrics;
    }

    private static Meter MeterOf(DropMetrics metrics) => metrics.Meter;

    private static DropEvent Drop(string? reason, string? symbol, string? iface, int? ifIndex = null, DropSource source = DropSource.NetDm, ushort subsystem = 0) =>
        new(0, null, reason, subsystem, 0, symbol, ifIndex, 0x0800, default, source) { InterfaceName = iface };
}
