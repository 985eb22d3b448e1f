using System;

namespace NetDrop.NetDm;

/// <summary>
/// One dropped packet as NET_DM's packet mode reports it. When streamed from
/// <see cref="NetDmClient.ReadAlertsAsync"/> it is reused for the next alert: see <see cref="DropAlert"/>.
/// </summary>
public sealed class PacketDropAlert : DropAlert
{
    internal PacketDropAlert()
    {
    }

    /// <summary>Software or hardware.</summary>
    public NetDmOrigin Origin { get; private set; }

    /// <summary>Program counter of the drop location.</summary>
    public ulong? ProgramCounter { get; private set; }

    /// <summary>The drop location as the kernel formats it (func+0x9a2/0xc30).</summary>
    public string? Symbol { get; private set; }

    /// <summary>The reason in NetDrop's catalogue; null when absent or unknown to this build (then <see cref="ReasonName"/> has it).</summary>
    public DropReason? Reason { get; private set; }

    /// <summary>The reason as the kernel spells it; null before Linux 5.18.</summary>
    public string? ReasonName { get; private set; }

    /// <summary>Interface index the packet came in on.</summary>
    public uint? InputIfIndex { get; private set; }

    /// <summary>Name of the input interface, when the kernel sends it.</summary>
    public string? InputName { get; private set; }

    /// <summary>When the packet was dropped; null when the kernel sent no timestamp.</summary>
    public long? UnixNanoseconds { get; private set; }

    /// <summary>The skb protocol (ETH_P_IP is 0x0800), saying how to read <see cref="Payload"/>.</summary>
    public ushort? Protocol { get; private set; }

    /// <summary>Length of the packet before the kernel truncated it.</summary>
    public uint? OriginalLength { get; private set; }

    /// <summary>The packet from its MAC header, cut to the truncation length.</summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    /// <summary>Devlink trap group of a hardware drop.</summary>
    public string? HardwareTrapGroup { get; private set; }

    /// <summary>Devlink trap of a hardware drop.</summary>
    public string? HardwareTrap { get; private set; }

    /// <summary>The flow action cookie of a hardware drop, when the driver sends one.</summary>
    public ReadOnlyMemory<byte> FlowActionCookie { get; private set; }

    /// <inheritdoc/>
    public override PacketDropAlert ToOwned()
    {
        // Strings are immutable and shared safely; only the two buffers point at reused memory.
        var copy = (PacketDropAlert)MemberwiseClone();
        copy.Payload = Payload.ToArray();
        copy.FlowActionCookie = FlowActionCookie.ToArray();
        return copy;
    }

    /// <summary>
    /// Overwrites every property from <paramref name="alert"/>. <paramref name="payload"/> and
    /// <paramref name="cookie"/> hold the alert's bytes (in the receive buffer, or copies);
    /// <paramref name="text"/> turns UTF-8 into strings.
    /// </summary>
    internal void Refill(in NetDmPacketAlert alert, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> cookie, AlertText text)
    {
        Origin = alert.Origin;
        ProgramCounter = alert.ProgramCounter;
        Symbol = text.Get(AlertTextField.Symbol, alert.SymbolUtf8);
        string? reasonName = text.Get(AlertTextField.Reason, alert.ReasonUtf8);

        // The same string as the last alert's (from the cache) is the same name: the catalogue's answer stands.
        if (reasonName is null || !ReferenceEquals(reasonName, ReasonName))
        {
            Reason = alert.Reason;
        }

        ReasonName = reasonName;
        InputIfIndex = alert.InputIfIndex;
        InputName = text.Get(AlertTextField.Interface, alert.InputNameUtf8);
        UnixNanoseconds = alert.TimestampNanoseconds is { } time ? (long)time : null;
        Protocol = alert.Protocol;
        OriginalLength = alert.OriginalLength;
        Payload = payload;
        HardwareTrapGroup = text.Get(AlertTextField.TrapGroup, alert.HardwareTrapGroupUtf8);
        HardwareTrap = text.Get(AlertTextField.Trap, alert.HardwareTrapUtf8);
        FlowActionCookie = cookie;
    }
}
