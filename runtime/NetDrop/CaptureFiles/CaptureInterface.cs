using System;

namespace NetDrop.CaptureFiles;

/// <summary>
/// What a pcapng Interface Description Block (or a pcap file header) says about the frames that refer to
/// it. One object per interface, shared by all its frames, so reading a frame allocates nothing.
/// </summary>
public sealed class CaptureInterface
{
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    internal CaptureInterface(int id, int section, int linkType, uint snapLength, ulong ticksPerSecond, long offsetSeconds, string? name, string? description)
    {
        Id = id;
        Section = section;
        LinkType = linkType;
        SnapLength = snapLength;
        TicksPerSecond = ticksPerSecond;
        OffsetSeconds = offsetSeconds;
        Name = name;
        Description = description;
    }

    /// <summary>The interface id packets use within its section (the order of the description blocks); 0 for pcap.</summary>
    public int Id { get; }

    /// <summary>The 0-based section of the file the interface belongs to; 0 for pcap.</summary>
    public int Section { get; }

    /// <summary>LINKTYPE_* of the interface's frames (see <see cref="LinkTypes"/>).</summary>
    public int LinkType { get; }

    /// <summary>if_name, e.g. "eth0"; null when the file does not say.</summary>
    public string? Name { get; }

    /// <summary>if_description; null when the file does not say.</summary>
    public string? Description { get; }

    /// <summary>0 means no limit, as the pcapng specification defines it.</summary>
    public uint SnapLength { get; }

    /// <summary>From if_tsresol: 10^n or 2^n timestamp units per second (10^6 when the option is absent).</summary>
    public ulong TicksPerSecond { get; }

    /// <summary>From if_tsoffset: seconds to add to every timestamp.</summary>
    public long OffsetSeconds { get; }

    /// <summary>Decodes an if_tsresol byte: high bit clear means 10^-n seconds, set means 2^-n.</summary>
    internal static bool TryDecodeResolution(byte tsresol, out ulong ticksPerSecond)
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
    internal bool TryToUnixNanoseconds(ulong ticks, out long nanoseconds)
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
