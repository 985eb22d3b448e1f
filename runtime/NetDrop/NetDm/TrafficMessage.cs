using NetDrop.Netlink;
using NetDrop.Netlink.Control;

namespace NetDrop.NetDm;

/// <summary>One decoded netlink message of NET_DM traffic; which views are filled depends on <see cref="Kind"/>.</summary>
public readonly ref struct TrafficMessage
{
    public TrafficMessage(
        TrafficMessageKind kind,
        NetlinkMessageHeader header,
        GenericNetlinkHeader generic,
        NetDmAttributes netDm,
        NlctrlCtrlAttributes control,
        NetlinkErrorMessage error,
        string? problem)
    {
        Kind = kind;
        Header = header;
        Generic = generic;
        NetDm = netDm;
        Control = control;
        Error = error;
        Problem = problem;
    }

    public TrafficMessageKind Kind { get; }

    public NetlinkMessageHeader Header { get; }

    /// <summary>The generic netlink header, for controller and NET_DM messages.</summary>
    public GenericNetlinkHeader Generic { get; }

    /// <summary>The NET_DM command, for NetDmRequest and NetDmMessage.</summary>
    public NetDmCommand Command => (NetDmCommand)Generic.Command;

    /// <summary>The controller command, for ControlRequest and ControlReply.</summary>
    public NlctrlCommand ControlCommand => (NlctrlCommand)Generic.Command;

    /// <summary>Requests carry NLM_F_REQUEST; what the kernel sends never does.</summary>
    public bool IsRequest => (Header.Flags & NetlinkMessageFlags.Request) != 0;

    /// <summary>The NET_DM attributes, for NetDmRequest and NetDmMessage.</summary>
    public NetDmAttributes NetDm { get; }

    /// <summary>The controller attributes, for ControlRequest and ControlReply.</summary>
    public NlctrlCtrlAttributes Control { get; }

    /// <summary>The error or acknowledgement, for Ack and Error.</summary>
    public NetlinkErrorMessage Error { get; }

    /// <summary>Why a message is Malformed; null otherwise. Attribute problems are in the views' Error.</summary>
    public string? Problem { get; }
}
