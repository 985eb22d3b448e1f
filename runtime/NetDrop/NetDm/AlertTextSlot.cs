using System;

namespace NetDrop.NetDm;

/// <summary>
/// One text field of a streamed <see cref="PacketDropAlert"/>: where its UTF-8 lies in the datagram,
/// turned into a string only when first read. A consumer that never reads an interface or trap name
/// pays nothing for it, and the alert is valid only until the next one, as long as the datagram is.
/// </summary>
internal struct AlertTextSlot
{
    private int _start;
    private int _length;
    private string? _value;
    private bool _resolved;

    /// <summary>A value to be read from <paramref name="datagram"/> on first access; <paramref name="utf8"/> lies inside it.</summary>
    public void Defer(byte[] datagram, ReadOnlySpan<byte> utf8)
    {
        _value = null;
        if (utf8.IsEmpty || !datagram.AsSpan().Overlaps(utf8, out _start))
        {
            _length = 0;
            _resolved = true;
            return;
        }

        _length = utf8.Length;
        _resolved = false;
    }

    /// <summary>The string, made through <paramref name="text"/>'s cache for <paramref name="field"/> on first access.</summary>
    public string? Get(byte[] datagram, AlertText text, AlertTextField field)
    {
        if (!_resolved)
        {
            _value = text.Get(field, datagram.AsSpan(_start, _length));
            _resolved = true;
        }

        return _value;
    }
}
