using System;

namespace NetDrop.NetDm;

/// <summary>
/// A packet-mode drop alert (NET_DM_CMD_PACKET_ALERT): the dropped packet and its metadata, viewed in
/// place over the message. Reading it allocates nothing; the Get* methods that return strings do.
/// </summary>
public readonly ref struct NetDmPacketAlert
{
    private readonly NetDmAttributes _attributes;

    public NetDmPacketAlert(NetDmAttributes attributes) => _attributes = attributes;

    /// <summary>The generated view, for attributes this type does not surface.</summary>
    public NetDmAttributes Attributes => _attributes;

    /// <summary>Software or hardware; kernels before hardware drops (5.4) send no ORIGIN, meaning software.</summary>
    public NetDmOrigin Origin => _attributes.Origin ?? NetDmOrigin.Sw;

    /// <summary>Program counter of the drop location.</summary>
    public ulong? ProgramCounter => _attributes.Pc;

    /// <summary>Kernel symbol of the drop location, as the kernel formats it (func+0x9a2/0xc30).</summary>
    public ReadOnlySpan<byte> SymbolUtf8 => _attributes.SymbolUtf8;

    /// <summary>The drop reason's name as this kernel spells it; empty before Linux 5.18.</summary>
    public ReadOnlySpan<byte> ReasonUtf8 => _attributes.ReasonUtf8;

    /// <summary>
    /// The drop reason in NetDrop's catalogue, or null when absent or when the kernel names one the
    /// catalogue does not know yet (then <see cref="ReasonUtf8"/> still has it).
    /// </summary>
    public DropReason? Reason => DropReasonCatalog.TryParseKernelName(_attributes.ReasonUtf8, out DropReason reason) ? reason : null;

    /// <summary>Interface index the packet came in on.</summary>
    public uint? InputIfIndex => _attributes.InPort.NetdevIfindex;

    /// <summary>Name of the input interface, when the kernel sends it.</summary>
    public ReadOnlySpan<byte> InputNameUtf8 => _attributes.InPort.NetdevNameUtf8;

    /// <summary>Time of the drop in nanoseconds since the Unix epoch.</summary>
    public ulong? TimestampNanoseconds => _attributes.Timestamp;

    /// <summary>The skb protocol (ETH_P_IP is 0x0800), saying how to read <see cref="Payload"/>.</summary>
    public ushort? Protocol => _attributes.Proto;

    /// <summary>Length of the packet before the kernel truncated it to the configured length.</summary>
    public uint? OriginalLength => _attributes.OrigLen;

    /// <summary>The packet from its MAC header, as much of it as the truncation length allows.</summary>
    public ReadOnlySpan<byte> Payload => _attributes.Payload;

    /// <summary>Devlink trap group of a hardware drop.</summary>
    public ReadOnlySpan<byte> HardwareTrapGroupUtf8 => _attributes.HwTrapGroupNameUtf8;

    /// <summary>Devlink trap of a hardware drop.</summary>
    public ReadOnlySpan<byte> HardwareTrapUtf8 => _attributes.HwTrapNameUtf8;
}
