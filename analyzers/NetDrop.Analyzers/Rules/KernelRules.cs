namespace NetDrop.Analyzers.Rules;

/// <summary>
/// Kernel behaviour the specs do not describe: the specs give the shape of each option and request,
/// not the order the kernel accepts them in. Keyed by what the kernel calls things (option numbers,
/// which are ABI, and spec names of families, operations and attributes), never by C# names, so a
/// renamed or regenerated type stays covered.
/// </summary>
internal static class KernelRules
{
    /// <summary>SOL_PACKET: the level of the AF_PACKET options below.</summary>
    public const int SolPacket = 263;

    /// <summary>PACKET_VERSION: chooses the ring layout, which selects [SocketOptionVersion] types.</summary>
    public const int PacketVersion = 10;

    /// <summary>PACKET_RX_RING and PACKET_TX_RING create a ring.</summary>
    public static bool CreatesRing(int level, int number) => level == SolPacket && number is 5 or 13;

    /// <summary>
    /// Options packet_setsockopt refuses with EBUSY once a ring exists (net/packet/af_packet.c):
    /// PACKET_VERSION (10), PACKET_RESERVE (12), PACKET_LOSS (14), PACKET_VNET_HDR (15) and
    /// PACKET_VNET_HDR_SZ (24).
    /// </summary>
    public static bool MustPrecedeRing(int level, int number) => level == SolPacket && number is 10 or 12 or 14 or 15 or 24;

    /// <summary>The NET_DM family's spec name.</summary>
    public const string NetDmFamily = "NET_DM";

    /// <summary>NET_DM_CMD_START turns monitoring on.</summary>
    public const string NetDmStart = "start";

    /// <summary>NET_DM_CMD_STOP turns it off.</summary>
    public const string NetDmStop = "stop";

    /// <summary>net_dm_cmd_config answers EBUSY while monitoring is on (net/core/drop_monitor.c).</summary>
    public static bool RejectedWhileMonitoring(string family, string operation) => family == NetDmFamily && operation == "config";

    /// <summary>
    /// The START attributes that choose software and hardware drops; net_dm_cmd_trace watches software
    /// drops only when a START carries neither.
    /// </summary>
    public const string NetDmSwDrops = "sw-drops";

    public const string NetDmHwDrops = "hw-drops";
}
