using System;
using System.Collections.Concurrent;

namespace NetDrop.Metrics;

/// <summary>
/// The values one label may take: the first <c>cap</c> distinct values pass through, later ones become
/// <see cref="DropMetrics.OtherValue"/>. A value seen before costs one dictionary lookup and no allocation.
/// </summary>
internal sealed class BoundedLabel
{
    private readonly ConcurrentDictionary<string, string> _admitted = new(StringComparer.Ordinal);
    private readonly int _cap;
    private long _overflowed;

    public BoundedLabel(int cap) => _cap = cap;

    /// <summary>How many values were turned into "other" (counted once per occurrence).</summary>
    public long Overflowed => System.Threading.Interlocked.Read(ref _overflowed);

    public string Admit(string value)
    {
        if (_admitted.TryGetValue(value, out string? admitted))
        {
            return admitted;
        }

        if (_admitted.Count >= _cap)
        {
            System.Threading.Interlocked.Increment(ref _overflowed);
            return DropMetrics.OtherValue;
        }

        return _admitted.GetOrAdd(value, value);
    }
}
