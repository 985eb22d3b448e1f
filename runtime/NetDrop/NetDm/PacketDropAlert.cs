using System;

namespace NetDrop.NetDm;

/// <summary>
/// One dropped packet as NET_DM's packet mode reports it. When streamed from
/// <see cref="NetDmClient.ReadAlertsAsync"/> it is reused for the next alert: see <see cref="DropAlert"/>.
/// </summary>
public sealed class PacketDropAlert : DropAlert
{
    // The streamed alert leaves its names in the datagram until read; owned alerts hold strings.
    private PendingAlertNames? _pending;
    private string? _symbol;
    private DropReason? _reason;
    private string? _reasonName;
    private string? _inputName;
    private string? _hardwareTrapGroup;
    private string? _hardwareTrap;

    internal PacketDropAlert()
    {
    }

    /// <summary>Software or hardware.</summary>
    public NetDmOrigin Origin { get; private set; }

    /// <summary>Program counter of the drop location.</summary>
    public ulong? ProgramCounter { get; private set; }

    /// <summary>The drop location as the kernel formats it (func+0x9a2/0xc30).</summary>
    public string? Symbol => _pending is { } pending ? pending.Symbol : _symbol;

    /// <summary>The reason in NetDrop's catalogue; null when absent or unknown to this build (then <see cref="ReasonName"/> has it).</summary>
    public DropReason? Reason => _pending is { } pending ? pending.Reason : _reason;

    /// <summary>The reason as the kernel spells it; null before Linux 5.18.</summary>
    public string? ReasonName => _pending is { } pending ? pending.ReasonName : _reasonName;

    /// <summary>Interface index the packet came in on.</summary>
    public uint? InputIfIndex { get; private set; }

    /// <summary>Name of the input interface, when the kernel sends it.</summary>
    public string? InputName => _pending is { } pending ? pending.InputName : _inputName;

    /// <summary>When the packet was dropped; null when the kernel sent no timestamp.</summary>
    public long? UnixNanoseconds { get; private set; }

    /// <summary>The skb protocol (ETH_P_IP is 0x0800), saying how to read <see cref="Payload"/>.</summary>
    public ushort? Protocol { get; private set; }

    /// <summary>Length of the packet before the kernel truncated it.</summary>
    public uint? OriginalLength { get; private set; }

    /// <summary>The packet from its MAC header, cut to the truncation length.</summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    /// <summary>Devlink trap group of a hardware drop.</summary>
    public string? HardwareTrapGroup => _pending is { } pending ? pending.HardwareTrapGroup : _hardwareTrapGroup;

    /// <summary>Devlink trap of a hardware drop.</summary>
    public string? HardwareTrap => _pending is { } pending ? pending.HardwareTrap : _hardwareTrap;

    /// <summary>The flow action cookie of a hardware drop, when the driver sends one.</summary>
    public ReadOnlyMemory<byte> FlowActionCookie { get; private set; }

    /// <inheritdoc/>
    public override PacketDropAlert ToOwned()
    {
        // Strings are immutable and shared safely; names still in the datagram are made into strings,
        // and the two buffers, which point at reused memory, are copied.
        var copy = (PacketDropAlert)MemberwiseClone();
        copy._pending = null;
        copy._symbol = Symbol;
        copy._reason = Reason;
        copy._reasonName = ReasonName;
        copy._inputName = InputName;
        copy._hardwareTrapGroup = HardwareTrapGroup;
        copy._hardwareTrap = HardwareTrap;
        copy.Payload = Payload.ToArray();
        copy.FlowActionCookie = FlowActionCookie.ToArray();
        return copy;
    }

    /// <summary>
    /// Overwrites every property from <paramref name="alert"/>, making its strings now with
    /// <paramref name="text"/>: for owned alerts, whose <paramref name="payload"/> and
    /// <paramref name="cookie"/> are copies.
    /// </summary>
    internal void Refill(in NetDmPacketAlert alert, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> cookie, AlertText text)
    {
        RefillValues(alert, payload, cookie);
        InputIfIndex = alert.InputIfIndex;
        _pending = null;
        _symbol = text.Get(AlertTextField.Symbol, alert.SymbolUtf8);
        _reasonName = text.Get(AlertTextField.Reason, alert.ReasonUtf8);
        _reason = alert.Reason;
        _inputName = text.Get(AlertTextField.Interface, alert.InputNameUtf8);
        _hardwareTrapGroup = text.Get(AlertTextField.TrapGroup, alert.HardwareTrapGroupUtf8);
        _hardwareTrap = text.Get(AlertTextField.Trap, alert.HardwareTrapUtf8);
    }

    /// <summary>
    /// Overwrites every property from <paramref name="alert"/>, a view into <paramref name="datagram"/>,
    /// leaving the names there (in <paramref name="names"/>) until read: for the streamed alert, which
    /// is valid only as long as the datagram.
    /// </summary>
    internal void RefillInPlace(in NetDmPacketAlert alert, byte[] datagram, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> cookie, PendingAlertNames names)
    {
        RefillValues(alert, payload, cookie);
        NetDmPortAttributes port = alert.Attributes.InPort;
        InputIfIndex = port.NetdevIfindex;
        names.Defer(datagram, alert, port.NetdevNameUtf8);
        _pending = names;
    }

    private void RefillValues(in NetDmPacketAlert alert, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> cookie)
    {
        Origin = alert.Origin;
        ProgramCounter = alert.ProgramCounter;
        UnixNanoseconds = alert.TimestampNanoseconds is { } time ? (long)time : null;
        Protocol = alert.Protocol;
        OriginalLength = alert.OriginalLength;
        Payload = payload;
        FlowActionCookie = cookie;
    }
}
