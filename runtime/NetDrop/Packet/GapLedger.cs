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

    public void Add(long drops) => Pending += drops;

    /// <summary>The gap of the frame being delivered now: every drop counted since the previous frame.</summary>
    public long Take()
    {
        long gap = Pending;
        Attributed += gap;
        Pending = 0;
        return gap;
    }
}
