namespace NetDrop.Packet;

/// <summary>
/// Reads PACKET_STATISTICS (the version's own struct) and keeps 64-bit running totals, since the
/// kernel's 32-bit counters reset on every read.
/// </summary>
internal sealed class StatisticsCounter : IDropCounter
{
    private readonly PacketSocket _socket;
    private readonly bool _v3;

    public StatisticsCounter(PacketSocket socket, bool v3)
    {
        _socket = socket;
        _v3 = v3;
    }

    public long Packets { get; private set; }

    public long Drops { get; private set; }

    public long Freezes { get; private set; }

    public long LastFreezes { get; private set; }

    /// <summary>Reads (and so resets) the kernel's counters, adds them to the totals, and returns the drops just read.</summary>
    public long ReadDrops()
    {
        long drops;
        if (_v3)
        {
            _socket.GetStatistics(out tpacket_stats_v3 stats);
            Packets += stats.tp_packets;
            Freezes += stats.tp_freeze_q_cnt;
            LastFreezes = stats.tp_freeze_q_cnt;
            drops = stats.tp_drops;
        }
        else
        {
            _socket.GetStatistics(out tpacket_stats stats);
            Packets += stats.tp_packets;
            drops = stats.tp_drops;
        }

        Drops += drops;
        return drops;
    }
}
