using System;
using System.Buffers.Binary;
using System.Globalization;

namespace NetDrop.Tracing;

/// <summary>
/// Walks the events of one ring-buffer page as trace_pipe_raw returns it (kernel/trace/ring_buffer.c):
/// a header (timestamp, commit) and compressed event headers of 5 bits type_len and 27 bits time delta.
/// Allocates nothing and never throws on a damaged page: it stops and keeps the reason in <see cref="Error"/>.
/// </summary>
public ref struct RingBufferPageReader
{
    /// <summary>RB_MISSED_EVENTS: events were lost before this page.</summary>
    private const uint MissedEventsFlag = 1u << 31;

    /// <summary>RB_MISSED_STORED: the number lost is stored after the page's data.</summary>
    private const uint MissedStoredFlag = 1u << 30;

    /// <summary>The bits of the commit word that hold the data length.</summary>
    private const uint CommitLengthMask = (1u << 30) - 1;

    /// <summary>The top bits an absolute time stamp event leaves out (TS_MSB).</summary>
    private const ulong TimestampHighBits = 0xf8UL << 56;

    private const int TypePadding = 29;
    private const int TypeTimeExtend = 30;
    private const int TypeTimeStamp = 31;
    private const int TimeShift = 27;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _dataOffset;
    private ulong _time;
    private int _position;
    private string? _error;

    public RingBufferPageReader(ReadOnlySpan<byte> page, RingBufferPageLayout layout)
    {
        _position = 0;
        _error = null;
        MissedEvents = 0;
        HasMissedEvents = false;
        _dataOffset = layout.DataOffset;
        // RingBufferPageLayout.Parse keeps the header fields before the data; a layout made by hand may not.
        if (page.Length < layout.DataOffset || !Fits(layout.TimestampOffset, 8, page.Length) || !Fits(layout.CommitOffset, layout.CommitSize, page.Length))
        {
            _data = default;
            _time = 0;
            _error = string.Format(CultureInfo.InvariantCulture, "page of {0} bytes is shorter than its {1}-byte header", page.Length, Math.Max(layout.DataOffset, Math.Max(layout.TimestampOffset + 8L, (long)layout.CommitOffset + layout.CommitSize)));
            return;
        }

        _time = BinaryPrimitives.ReadUInt64LittleEndian(page.Slice(layout.TimestampOffset));
        ulong commit = layout.CommitSize == 8
            ? BinaryPrimitives.ReadUInt64LittleEndian(page.Slice(layout.CommitOffset))
            : BinaryPrimitives.ReadUInt32LittleEndian(page.Slice(layout.CommitOffset));
        // The kernel ORs the flags in as int constants into a 64-bit local_t, so on 64-bit kernels
        // bit 31 is sign-extended (0xffffffffc0000fd0 on a real page): only the low 32 bits mean anything.
        uint flags = (uint)commit;
        HasMissedEvents = (flags & MissedEventsFlag) != 0;
        ulong length = flags & CommitLengthMask;
        int available = Math.Min(page.Length - layout.DataOffset, layout.DataSize);
        if (length > (ulong)available)
        {
            _error = string.Format(CultureInfo.InvariantCulture, "page says {0} bytes of data but holds {1}", length, available);
            length = (ulong)available;
        }

        _data = page.Slice(layout.DataOffset, (int)length);

        // The count of lost events follows the data when the kernel had room to store it; the kernel sets
        // RB_MISSED_STORED only with RB_MISSED_EVENTS, so a count without the loss flag is damage, not loss.
        int end = layout.DataOffset + (int)length;
        if (HasMissedEvents && (flags & MissedStoredFlag) != 0 && end + 8 <= page.Length)
        {
            MissedEvents = BinaryPrimitives.ReadInt64LittleEndian(page.Slice(end));
        }
    }

    /// <summary>The page says events were lost (the buffer overran) before it.</summary>
    public bool HasMissedEvents { get; }

    /// <summary>How many were lost, when the kernel stored the number; 0 when it did not.</summary>
    public long MissedEvents { get; }

    /// <summary>Why the walk stopped early, or null.</summary>
    public readonly string? Error => _error;

    private static bool Fits(int offset, int size, int length) => offset >= 0 && (long)offset + size <= length;

    public bool TryReadNext(out RingBufferEvent ringEvent)
    {
        while (_error is null && _data.Length - _position >= 4)
        {
            uint header = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_position));
            int type = (int)(header & 31);
            uint delta = header >> 5;
            int start = _position;
            switch (type)
            {
                case TypePadding:
                    // A padding event with no delta fills the rest of the page.
                    if (delta == 0 || !TryReadArray(out uint paddingLength) || !Advance(4 + (long)paddingLength))
                    {
                        _position = _data.Length;
                        break;
                    }

                    _time += delta;
                    continue;
                case TypeTimeExtend:
                    if (!TryReadArray(out uint extend) || !Advance(8))
                    {
                        break;
                    }

                    _time += delta + ((ulong)extend << TimeShift);
                    continue;
                case TypeTimeStamp:
                    if (!TryReadArray(out uint high) || !Advance(8))
                    {
                        break;
                    }

                    _time = (delta | ((ulong)high << TimeShift)) | (_time & TimestampHighBits);
                    continue;
                case 0:
                    // Large records: array[0] holds the length, itself included, and the data follows it.
                    if (!TryReadArray(out uint length) || !Advance(4 + (long)length))
                    {
                        break;
                    }

                    if (length < 4)
                    {
                        // Every failure must end the walk (an error) or move it on, or the loop would spin.
                        Fail("large record shorter than its own length word");
                        break;
                    }

                    _time += delta;
                    ringEvent = new RingBufferEvent(_time, _data.Slice(start + 8, (int)length - 4), _dataOffset + start);
                    return true;
                default:
                    int size = type * 4;
                    if (!Advance(4 + size))
                    {
                        break;
                    }

                    _time += delta;
                    ringEvent = new RingBufferEvent(_time, _data.Slice(start + 4, size), _dataOffset + start);
                    return true;
            }
        }

        ringEvent = default;
        return false;
    }

    private bool TryReadArray(out uint value)
    {
        if (_data.Length - _position < 8)
        {
            Fail("event header needs 8 bytes");
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_position + 4));
        return true;
    }

    private bool Advance(long size)
    {
        if (size > _data.Length - _position)
        {
            Fail(string.Format(CultureInfo.InvariantCulture, "event of {0} bytes runs past the page's data", size));
            return false;
        }

        _position += (int)size;
        return true;
    }

    private void Fail(string problem) =>
        _error ??= string.Format(CultureInfo.InvariantCulture, "at page offset {0}: {1}", _dataOffset + _position, problem);
}
