using System;
using System.Buffers.Binary;
using static System.FormattableString;

namespace NetDrop.CaptureFiles;

/// <summary>
/// Walks the options at the end of a pcapng block: u16 code, u16 length, value padded to 4 bytes,
/// up to opt_endofopt or the end of the area.
/// </summary>
internal ref struct PcapNgOptionReader
{
    private const ushort EndOfOptions = 0;
    private const int OptionHeaderSize = 4;

    private readonly ReadOnlySpan<byte> _options;
    private readonly bool _bigEndian;
    private int _offset;

    public PcapNgOptionReader(ReadOnlySpan<byte> options, bool bigEndian)
    {
        _options = options;
        _bigEndian = bigEndian;
    }

    /// <summary>Set when an option runs past the end of the block; the walk stops there.</summary>
    public string? Error { get; private set; }

    public bool TryReadNext(out ushort code, out ReadOnlySpan<byte> value)
    {
        code = 0;
        value = default;
        if (Error is not null || _offset >= _options.Length)
        {
            return false;
        }

        int remaining = _options.Length - _offset;
        if (remaining < OptionHeaderSize)
        {
            Error = Invariant($"{remaining} stray bytes where an option header should be");
            return false;
        }

        ReadOnlySpan<byte> header = _options.Slice(_offset, OptionHeaderSize);
        code = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header) : BinaryPrimitives.ReadUInt16LittleEndian(header);
        int length = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
        if (code == EndOfOptions)
        {
            _offset = _options.Length;
            return false;
        }

        if (length > remaining - OptionHeaderSize)
        {
            Error = Invariant($"option {code} says {length} bytes but only {remaining - OptionHeaderSize} remain in the block");
            code = 0;
            return false;
        }

        value = _options.Slice(_offset + OptionHeaderSize, length);

        // Blocks are 4-byte multiples so the padding always fits; the clamp only guards against a bug elsewhere.
        _offset = Math.Min(_options.Length, _offset + OptionHeaderSize + ((length + 3) & ~3));
        return true;
    }
}
