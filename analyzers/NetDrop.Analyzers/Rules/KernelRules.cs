namespace NetDrop.Analyzers.Rules;

/// <summary>
/// Kernel behaviour net_dm.yaml does not describe: the order NET_DM accepts its requests in. Keyed by
/// spec names of families, operations and attributes, never by C# names, so a renamed or regenerated
/// type stays covered. The order of socket options (which create a ring, which must precede one) is in
/// the spec and reaches the analyzers as [SocketOption] metadata.
/// </summary>
internal static class KernelRules
{
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
