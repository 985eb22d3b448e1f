namespace NetDrop.NetDm;

/// <summary>What a netlink message seen on the wire (or in a capture) is, as far as NET_DM is concerned.</summary>
public enum TrafficMessageKind
{
    /// <summary>A request to the generic netlink controller (CTRL_CMD_GETFAMILY…).</summary>
    ControlRequest,

    /// <summary>The controller's answer (CTRL_CMD_NEWFAMILY…).</summary>
    ControlReply,

    /// <summary>A request to NET_DM (CONFIG, START, STOP, CONFIG_GET, STATS_GET).</summary>
    NetDmRequest,

    /// <summary>A message from NET_DM: an alert, a config or stats reply, a STOP notice.</summary>
    NetDmMessage,

    /// <summary>NLMSG_ERROR with error 0.</summary>
    Ack,

    /// <summary>NLMSG_ERROR with an errno.</summary>
    Error,

    /// <summary>NLMSG_DONE, the end of a dump.</summary>
    Done,

    /// <summary>Another family's message, or one of a family not yet resolved in this traffic.</summary>
    Other,

    /// <summary>A message too short for its headers; <see cref="TrafficMessage.Problem"/> says why.</summary>
    Malformed,
}
