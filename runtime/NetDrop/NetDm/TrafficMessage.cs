using System;
using NetDrop.Netlink;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Control;

namespace NetDrop.NetDm;

/// <summary>
/// One decoded netlink message of NET_DM traffic. It keeps only headers and where the attributes
/// are; the views (<see cref="NetDm"/>, <see cref="Control"/>, <see cref="Error"/>) walk them when
/// asked, so keep the view rather than asking twice. Which view applies depends on <see cref="Kind"/>.
/// </summary>
public readonly ref struct TrafficMessage
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _bodyOffset;

    public TrafficMessage(TrafficMessageKind kind, NetlinkMessageHeader header, GenericNetlinkHeader generic, ReadOnlySpan<byte> body, int bodyOffset, string? problem)
    {
        Kind = kind;
        Header = header;
        Generic = generic;
        _body = body;
        _bodyOffset = bodyOffset;
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

    /// <summary>The NET_DM attributes (NetDmRequest and NetDmMessage; an empty view otherwise). Walks them on each access.</summary>
    public NetDmAttributes NetDm => Kind is TrafficMessageKind.NetDmRequest or TrafficMessageKind.NetDmMessage
        ? NetDmAttributes.Parse(_body, _bodyOffset)
        : default;

    /// <summary>The controller attributes (ControlRequest and ControlReply; an empty view otherwise). Walks them on each access.</summary>
    public NlctrlCtrlAttributes Control => Kind is TrafficMessageKind.ControlRequest or TrafficMessageKind.ControlReply
        ? NlctrlCtrlAttributes.Parse(_body, _bodyOffset)
        : default;

    /// <summary>The error or acknowledgement (Ack and Error; default otherwise).</summary>
    public NetlinkErrorMessage Error =>
        Kind is TrafficMessageKind.Ack or TrafficMessageKind.Error && NetlinkErrorMessage.TryParse(_body, Header.Flags, out NetlinkErrorMessage error)
            ? error
            : default;

    /// <summary>Why a message is Malformed; null otherwise. Attribute problems are in the views' Error.</summary>
    public string? Problem { get; }
}
