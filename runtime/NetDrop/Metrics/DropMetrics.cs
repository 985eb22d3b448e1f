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

    // Subsystems the catalogue does not name: the kernel numbers them in 16 bits, so they are capped too.
    private const int MaxUnknownSubsystems = 16;

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
    private readonly BoundedLabel _unknownSubsystems = new(MaxUnknownSubsystems);

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
    public long CappedLabelValues => _symbols.Overflowed + _interfaces.Overflowed + _reasons.Overflowed + _unknownSubsystems.Overflowed;

    /// <summary>Counts one dropped packet; allocates nothing once its label values have been seen.</summary>
    public void Record(DropEvent drop)
    {
        ArgumentNullException.ThrowIfNull(drop);

        // A symbol's offset and an interface index are cut and formatted on the stack and looked up as
        // characters: making their strings for every drop was garbage at the drop rate.
        Span<char> text = stackalloc char[32];
        string function = string.IsNullOrEmpty(drop.Symbol) ? _symbols.Admit(UnknownValue) : _symbols.Admit(Kernel.KernelFunction.Name(drop.Symbol));
        string iface = drop.InterfaceName is { } name ? _interfaces.Admit(name)
            : drop.InterfaceIndex is { } index && text.TryWrite(CultureInfo.InvariantCulture, $"ifindex {index}", out int written) ? _interfaces.Admit(text[..written])
            : _interfaces.Admit(UnknownValue);
        var tags = new TagList
        {
            { "reason", _reasons.Admit(drop.ReasonName ?? UnknownValue) },
            { "subsystem", SubsystemName(drop.Subsystem, text) },
            { "function", function },
            { "interface", iface },
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

    // A subsystem newer than the catalogue is named by its number, "subsystem 12", made into a string once.
    private string SubsystemName(ushort subsystem, Span<char> text)
    {
        if (SubsystemNames.TryGetValue(subsystem, out string? name))
        {
            return name;
        }

        const string Prefix = "subsystem ";
        Prefix.CopyTo(text);
        return ((int)subsystem).TryFormat(text[Prefix.Length..], out int digits, default, CultureInfo.InvariantCulture)
            ? _unknownSubsystems.Admit(text[..(Prefix.Length + digits)])
            : OtherValue;
    }
}
