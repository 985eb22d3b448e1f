using System;

namespace NetDrop.Capture;

/// <summary>What a pcapng Interface Description Block says about the packets that refer to it.</summary>
internal readonly struct PcapNgInterface
{
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    public PcapNgInterface(int linkType, uint snapLength, ulong ticksPerSecond, long offsetSeconds)
    {
        LinkType = linkType;
        SnapLength = snapLength;
        TicksPerSecond = ticksPerSecond;
        OffsetSeconds = offsetSeconds;
    }

    public int LinkType { get; }

    /// <summary>0 means no limit, as the pcapng specification defines it.</summary>
    public uint SnapLength { get; }

    /// <summary>From if_tsresol: 10^n or 2^n timestamp units per second (10^6 when the option is absent).</summary>
    public ulong TicksPerSecond { get; }

    /// <summary>From if_tsoffset: seconds to add to every timestamp.</summary>
    public long OffsetSeconds { get; }

    /// <summary>Decodes an if_tsresol byte: high bit clear means 10^-n seconds, set means 2^-n.</summary>
    public static bool TryDecodeResolution(byte tsresol, out ulong ticksPerSecond)
    {
        int exponent = tsresol & 0x7F;
        ticksPerSecond = 0;
        if ((tsresol & 0x80) != 0)
        {
            if (exponent > 63)
            {
                return false;
            }

            ticksPerSecond = 1UL << exponent;
            return true;
        }

        // 10^19 is the largest power of ten a ulong holds.
        if (exponent > 19)
        {
            return false;
        }

        ticksPerSecond = 1;
        for (int i = 0; i < exponent; i++)
        {
            ticksPerSecond *= 10;
        }

        return true;
    }

    /// <summary>Converts a 64-bit timestamp in this interface's units to nanoseconds since the Unix epoch.</summary>
    public bool TryToUnixNanoseconds(ulong ticks, out long nanoseconds)
    {
        // 128-bit arithmetic, because ticks times 10^9 overflows 64 bits for ordinary microsecond timestamps.
        ulong wholeSeconds = ticks / TicksPerSecond;
        ulong remainder = ticks % TicksPerSecond;
        Int128 total = (Int128)wholeSeconds * (Int128)NanosecondsPerSecond
            + (Int128)((UInt128)remainder * NanosecondsPerSecond / TicksPerSecond)
            + (Int128)OffsetSeconds * (Int128)NanosecondsPerSecond;
        if (total > long.MaxValue || total < long.MinValue)
        {
            nanoseconds = 0;
            return false;
        }

        nanoseconds = (long)total;
        return true;
    }
}
