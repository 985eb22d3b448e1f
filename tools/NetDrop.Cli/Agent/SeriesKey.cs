using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace NetDrop.Cli.Agent;

/// <summary>
/// One series: an instrument and its label values, in the order the measurement gave them. Built on the
/// stack for each measurement and compared without allocating; only a series seen for the first time is
/// copied into the store (with its label names).
/// </summary>
internal readonly struct SeriesKey : IEquatable<SeriesKey>
{
    /// <summary>Labels a series may carry (NetDrop's instruments have at most five); more are cut.</summary>
    public const int MaxLabels = 6;

    public readonly Instrument Instrument;
    public readonly int Count;
    public readonly string? V0, V1, V2, V3, V4, V5;

    public SeriesKey(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Instrument = instrument;
        Count = Math.Min(tags.Length, MaxLabels);
        V0 = Count > 0 ? Text(tags[0].Value) : null;
        V1 = Count > 1 ? Text(tags[1].Value) : null;
        V2 = Count > 2 ? Text(tags[2].Value) : null;
        V3 = Count > 3 ? Text(tags[3].Value) : null;
        V4 = Count > 4 ? Text(tags[4].Value) : null;
        V5 = Count > 5 ? Text(tags[5].Value) : null;
    }

    public string? Value(int index) => index switch
    {
        0 => V0,
        1 => V1,
        2 => V2,
        3 => V3,
        4 => V4,
        _ => V5,
    };

    public bool Equals(SeriesKey other) =>
        ReferenceEquals(Instrument, other.Instrument) && Count == other.Count
        && string.Equals(V0, other.V0, StringComparison.Ordinal) && string.Equals(V1, other.V1, StringComparison.Ordinal)
        && string.Equals(V2, other.V2, StringComparison.Ordinal) && string.Equals(V3, other.V3, StringComparison.Ordinal)
        && string.Equals(V4, other.V4, StringComparison.Ordinal) && string.Equals(V5, other.V5, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is SeriesKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Instrument, V0, V1, V2, V3, V4, V5);

    // NetDrop's label values are strings already; anything else is formatted once per measurement.
    private static string? Text(object? value) => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
}
