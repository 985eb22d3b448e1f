using System;
using System.Collections.Concurrent;

namespace NetDrop.Metrics;

/// <summary>
/// The values one label may take: the first <c>cap</c> distinct values pass through, later ones become
/// <see cref="DropMetrics.OtherValue"/>. A value seen before costs one dictionary lookup and no allocation,
/// also when it is given as characters (a symbol's name without its offset, an interface index formatted on
/// the stack): the string is made once, when the value is admitted.
/// </summary>
internal sealed class BoundedLabel
{
    private readonly ConcurrentDictionary<string, string> _admitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly int _cap;
    private long _overflowed;

    public BoundedLabel(int cap)
    {
        _cap = cap;
        _byChars = _admitted.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many values were turned into "other" (counted once per occurrence).</summary>
    public long Overflowed => System.Threading.Interlocked.Read(ref _overflowed);

    public string Admit(string value) => Admit(value.AsSpan(), value);

    public string Admit(ReadOnlySpan<char> value) => Admit(value, null);

    private string Admit(ReadOnlySpan<char> value, string? asString)
    {
        if (_byChars.TryGetValue(value, out string? admitted))
        {
            return admitted;
        }

        if (_admitted.Count >= _cap)
        {
            System.Threading.Interlocked.Increment(ref _overflowed);
            return DropMetrics.OtherValue;
        }

        asString ??= value.ToString();
        return _admitted.GetOrAdd(asString, asString);
    }
}
