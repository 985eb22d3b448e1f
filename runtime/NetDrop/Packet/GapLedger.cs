using System.Runtime.CompilerServices;

namespace NetDrop.Packet;

/// <summary>
/// Turns drop counts into per-frame gaps: drops are added as the kernel reports them and handed to
/// the next frame delivered, so the sum of all gaps plus what is still pending is always the sum of
/// all drops added. Every receive path keeps one.
/// </summary>
internal struct GapLedger
{
    /// <summary>Drops counted, not yet given to a frame.</summary>
    public long Pending;

    /// <summary>Drops given to frames so far.</summary>
    public long Attributed;

    /// <summary>Whether some pending drops may have happened after the frame they will go to.</summary>
    public bool PendingApproximate;

    /// <summary>Non-zero gaps that were approximate.</summary>
    public long ApproximateGaps;

    public void Add(long drops, bool approximate = false)
    {
        Pending += drops;
        PendingApproximate |= approximate && drops > 0;
    }

    /// <summary>The gap of the frame being delivered now: every drop counted since the previous frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Take(out bool approximate)
    {
        // Nearly every frame has no gap: nothing to move.
        if (Pending == 0 && !PendingApproximate)
        {
            approximate = false;
            return 0;
        }

        long gap = Pending;
        approximate = PendingApproximate;
        ApproximateGaps += approximate ? 1 : 0;
        Attributed += gap;
        Pending = 0;
        PendingApproximate = false;
        return gap;
    }
}
