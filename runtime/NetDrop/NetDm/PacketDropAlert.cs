using System;

namespace NetDrop.NetDm;

/// <summary>One dropped packet as NET_DM's packet mode reports it.</summary>
/// <param name="Reason">The reason in NetDrop's catalogue; null when absent or unknown to this build (then <paramref name="ReasonName"/> has it).</param>
/// <param name="ReasonName">The reason as the kernel spells it; null before Linux 5.18.</param>
/// <param name="UnixNanoseconds">When the packet was dropped; null when the kernel sent no timestamp.</param>
/// <param name="Payload">The packet from its MAC header, cut to the truncation length.</param>
public sealed record PacketDropAlert(
    NetDmOrigin Origin,
    ulong? ProgramCounter,
    string? Symbol,
    DropReason? Reason,
    string? ReasonName,
    uint? InputIfIndex,
    string? InputName,
    long? UnixNanoseconds,
    ushort? Protocol,
    uint? OriginalLength,
    ReadOnlyMemory<byte> Payload,
    string? HardwareTrapGroup,
    string? HardwareTrap,
    ReadOnlyMemory<byte> FlowActionCookie) : DropAlert;
