using System;

namespace NetDrop.Tracing;

/// <summary>One data record of a ring-buffer page: its time in the trace clock and its bytes.</summary>
public readonly ref struct RingBufferEvent
{
    public RingBufferEvent(ulong timestamp, ReadOnlySpan<byte> data, int offset)
    {
        Timestamp = timestamp;
        Data = data;
        Offset = offset;
    }

    /// <summary>Nanoseconds in the instance's trace clock.</summary>
    public ulong Timestamp { get; }

    /// <summary>The record: the event's fields at the offsets its format file gives.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Offset of the event header within the page.</summary>
    public int Offset { get; }
}
