using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace NetDrop.Metrics;

/// <summary>
/// Publishes drop counts through System.Diagnostics.Metrics, so any OpenTelemetry pipeline (or
/// dotnet-counters) picks them up: a Meter named <see cref="MeterName"/> with counters of drops by
/// reason, subsystem, kernel function, interface and source; events the source lost; and capture
/// frames and gaps by interface. Label values are capped (<see cref="DropMetricsOptions"/>).
/// </summary>
public sealed class DropMetrics : IDisposable
{
    /// <summary>The meter's name, what a collector subscribes to.</summary>
    public const string MeterName = "NetDrop";

    /// <summary>The label value standing for everything past a label's cap.</summary>
    public const string OtherValue = "other";

    /// <summary>The label value when the source does not say (no reason, no interface).</summary>
    public const string UnknownValue = "unknown";

    // The spec's subsystems (DropReasonSubsystem.Mac80211Unusable → "mac80211_unusable"), computed once.
    private static readonly Dictionary<int, string> SubsystemNames = BuildSubsystemNames();

    private readonly Meter _meter;
    private readonly Counter<long> _drops;
    private readonly Counter<long> _lost;
    private readonly Counter<long> _captured;
    private readonly Counter<long> _captureDropped;
    private readonly BoundedLabel _reasons;
    private readonly BoundedLabel _symbols;
    private readonly BoundedLabel _interfaces;

    public DropMetrics(DropMetricsOptions? options = null)
    {
        options ??= new DropMetricsOptions();
        _reasons = new BoundedLabel(options.MaxReasons);
        _symbols = new BoundedLabel(options.MaxSymbols);
        _interfaces = new BoundedLabel(options.MaxInterfaces);
        _meter = new Meter(MeterName, typeof(DropMetrics).Assembly.GetName().Version?.ToString());
        _drops = _meter.CreateCounter<long>("netdrop.drops", "{packet}", "Packets the kernel dropped, by reason, subsystem, kernel function, interface and source.");
        _lost = _meter.CreateCounter<long>("netdrop.lost_events", "{event}", "Drop events the source could not deliver (ring overruns, netlink ENOBUFS, NET_DM tail drops).");
        _captured = _meter.CreateCounter<long>("netdrop.capture.frames", "{frame}", "Frames captured, by interface.");
        _captureDropped = _meter.CreateCounter<long>("netdrop.capture.dropped_frames", "{frame}", "Frames the kernel dropped from a capture (the gaps), by interface.");
    }

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter => _meter;

    /// <summary>Label values turned into "other" because a cap was reached, so a dashboard can say the breakdown is partial.</summary>
    public long CappedLabelValues => _symbols.Overflowed + _interfaces.Overflowed + _reasons.Overflowed;

    /// <summary>Counts one dropped packet.</summary>
    public void Record(DropEvent drop)
    {
        ArgumentNullException.ThrowIfNull(drop);
        var tags = new TagList
        {
            { "reason", _reasons.Admit(drop.ReasonName ?? UnknownValue) },
            { "subsystem", SubsystemName(drop.Subsystem) },
            { "function", _symbols.Admit(Function(drop.Symbol)) },
            { "interface", _interfaces.Admit(drop.InterfaceName ?? (drop.InterfaceIndex is { } index ? "ifindex " + index.ToString(CultureInfo.InvariantCulture) : UnknownValue)) },
            { "source", SourceName(drop.Source) },
        };
        _drops.Add(1, tags);
    }

    /// <summary>Counts events a source lost; <paramref name="where"/> says where (e.g. "ring_overrun", "netlink_enobufs").</summary>
    public void RecordLost(DropSource source, long count, string where)
    {
        if (count > 0)
        {
            _lost.Add(count, new KeyValuePair<string, object?>("source", SourceName(source)), new KeyValuePair<string, object?>("where", where));
        }
    }

    /// <summary>Counts captured frames and the frames the kernel dropped between them on one interface.</summary>
    public void RecordCapture(string interfaceName, long frames, long dropped)
    {
        var label = new KeyValuePair<string, object?>("interface", _interfaces.Admit(interfaceName));
        if (frames > 0)
        {
            _captured.Add(frames, label);
        }

        if (dropped > 0)
        {
            _captureDropped.Add(dropped, label);
        }
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>"__udp4_lib_rcv+0x9a2/0xc30 [mod]" → "__udp4_lib_rcv": offsets would make every drop site its own series.</summary>
    internal static string Function(string? symbol)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            return UnknownValue;
        }

        int length = Kernel.KernelFunction.Name(symbol).Length;
        return length == symbol.Length ? symbol : symbol.Substring(0, length);
    }

    private static Dictionary<int, string> BuildSubsystemNames()
    {
        var names = new Dictionary<int, string>();
        foreach (DropReasonSubsystem subsystem in Enum.GetValues<DropReasonSubsystem>())
        {
            string pascal = subsystem.ToString();
            var snake = new System.Text.StringBuilder(pascal.Length + 4);
            for (int i = 0; i < pascal.Length; i++)
            {
                if (i > 0 && char.IsUpper(pascal[i]))
                {
                    snake.Append('_');
                }

                snake.Append(char.ToLowerInvariant(pascal[i]));
            }

            names[(int)subsystem] = snake.ToString();
        }

        return names;
    }

    private static string SourceName(DropSource source) => source switch
    {
        DropSource.NetDm => "netdm",
        DropSource.Bpf => "bpf",
        _ => "tracepoint",
    };

    private static string SubsystemName(ushort subsystem) =>
        SubsystemNames.TryGetValue(subsystem, out string? name) ? name : "subsystem " + subsystem.ToString(CultureInfo.InvariantCulture);
}
