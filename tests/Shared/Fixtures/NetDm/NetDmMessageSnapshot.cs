using System.Collections.Generic;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Tests.NetDm;

/// <summary>One decoded message of a capture, copied out of <see cref="TrafficMessage"/> so tests can keep it.</summary>
internal sealed record NetDmMessageSnapshot(
    int Frame,
    TrafficMessageKind Kind,
    NetDmCommand Command,
    bool IsRequest,
    uint Sequence,
    NetlinkAttributeError AttributeError,
    int UnknownCount,
    IReadOnlySet<ushort> PresentTypes,
    NetDmConfig Config,
    NetDmStats Stats,
    bool SwDrops,
    bool HwDrops,
    PacketAlertSnapshot? PacketAlert,
    NetDmDropPoint[]? SummaryPoints,
    uint SummaryDeclaredEntries,
    string? SummaryProblem)
{
    public bool IsNetDm => Kind is TrafficMessageKind.NetDmRequest or TrafficMessageKind.NetDmMessage;

    public bool Is(NetDmCommand command, bool request) => IsNetDm && Command == command && IsRequest == request;
}
