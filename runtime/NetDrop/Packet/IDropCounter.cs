namespace NetDrop.Packet;

/// <summary>Where a ring reader gets the drops the kernel counted since it last asked (PACKET_STATISTICS).</summary>
internal interface IDropCounter
{
    /// <summary>Drops since the previous call; reading resets the kernel's count.</summary>
    long ReadDrops();

    /// <summary>Times the TPACKET_V3 ring froze, as of the last <see cref="ReadDrops"/> (0 elsewhere).</summary>
    long LastFreezes { get; }
}
