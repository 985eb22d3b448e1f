using System;
using System.Text;

namespace NetDrop.NetDm;

/// <summary>
/// Strings for UTF-8 values that repeat (symbols, reason names, interface and trap names), so a value
/// seen before costs a lookup instead of a new string. Bounded: 256 sets of two entries, the older of
/// the two replaced on a miss, so values that never repeat cannot grow it. One cache per field: alerts
/// come in bursts from one place for one reason, so the last value of a field is checked first.
/// Not thread-safe.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Sets = 256;

    private readonly byte[]?[] _keys = new byte[]?[Sets * 2];
    private readonly string[] _values = new string[Sets * 2];
    private readonly bool[] _newerIsSecond = new bool[Sets];
    private int _last = -1;

    /// <summary>The string for <paramref name="utf8"/>; null when it is empty.</summary>
    public string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return null;
        }

        if (_last < 0 || !utf8.SequenceEqual(_keys[_last]))
        {
            _last = Slot(utf8);
        }

        return _values[_last];
    }

    /// <summary>The entry holding <paramref name="utf8"/>, made (replacing the older of its set) when there is none.</summary>
    private int Slot(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        int set = hash.ToHashCode() & (Sets - 1);
        int first = set * 2;
        if (utf8.SequenceEqual(_keys[first]))
        {
            return first;
        }

        if (utf8.SequenceEqual(_keys[first + 1]))
        {
            return first + 1;
        }

        int slot = _newerIsSecond[set] ? first : first + 1;
        _newerIsSecond[set] = slot == first + 1;
        _keys[slot] = utf8.ToArray();
        _values[slot] = Encoding.UTF8.GetString(utf8);
        return slot;
    }
}
