using System;

namespace NetDrop.NetDm;

/// <summary>
/// One dropped packet as NET_DM's packet mode reports it. When streamed from
/// <see cref="NetDmClient.ReadAlertsAsync"/> it is reused for the next alert: see <see cref="DropAlert"/>.
/// </summary>
public sealed class PacketDropAlert : DropAlert
{
    // Streamed alerts keep their text fields as places in the datagram until read (see AlertTextSlot);
    // owned alerts hold strings.
    private byte[] _datagram = [];
    private AlertText? _text;
    private AlertTextSlot _symbol;
    private AlertTextSlot _reasonName;
    private AlertTextSlot _inputName;
    private AlertTextSlot _hardwareTrapGroup;
    private AlertTextSlot _hardwareTrap;
    private string? _reasonOf;
    private DropReason? _reason;

    internal PacketDropAlert()
    {
    }

    /// <summary>Software or hardware.</summary>
    public NetDmOrigin Origin { get; private set; }

    /// <summary>Program counter of the drop location.</summary>
    public ulong? ProgramCounter { get; private set; }

    /// <summary>The drop location as the kernel formats it (func+0x9a2/0xc30).</summary>
    public string? Symbol => _symbol.Get(_datagram, _text!, AlertTextField.Symbol);

    /// <summary>The reason in NetDrop's catalogue; null when absent or unknown to this build (then <see cref="ReasonName"/> has it).</summary>
    public DropReason? Reason
    {
        get
        {
            string? name = ReasonName;
            if (name is null)
            {
                return null;
            }

            // The same string as the last alert's (from the cache) is the same name: the catalogue's answer stands.
            if (!ReferenceEquals(name, _reasonOf))
            {
                _reason = DropReasonCatalog.TryParseKernelName(name.AsSpan(), out DropReason reason) ? reason : null;
                _reasonOf = name;
            }

            return _reason;
        }
    }

    /// <summary>The reason as the kernel spells it; null before Linux 5.18.</summary>
    public string? ReasonName => _reasonName.Get(_datagram, _text!, AlertTextField.Reason);

    /// <summary>Interface index the packet came in on.</summary>
    public uint? InputIfIndex { get; private set; }

    /// <summary>Name of the input interface, when the kernel sends it.</summary>
    public string? InputName => _inputName.Get(_datagram, _text!, AlertTextField.Interface);

    /// <summary>When the packet was dropped; null when the kernel sent no timestamp.</summary>
    public long? UnixNanoseconds { get; private set; }

    /// <summary>The skb protocol (ETH_P_IP is 0x0800), saying how to read <see cref="Payload"/>.</summary>
    public ushort? Protocol { get; private set; }

    /// <summary>Length of the packet before the kernel truncated it.</summary>
    public uint? OriginalLength { get; private set; }

    /// <summary>The packet from its MAC header, cut to the truncation length.</summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    /// <summary>Devlink trap group of a hardware drop.</summary>
    public string? HardwareTrapGroup => _hardwareTrapGroup.Get(_datagram, _text!, AlertTextField.TrapGroup);

    /// <summary>Devlink trap of a hardware drop.</summary>
    public string? HardwareTrap => _hardwareTrap.Get(_datagram, _text!, AlertTextField.Trap);

    /// <summary>The flow action cookie of a hardware drop, when the driver sends one.</summary>
    public ReadOnlyMemory<byte> FlowActionCookie { get; private set; }

    /// <inheritdoc/>
    public override PacketDropAlert ToOwned()
    {
        // Strings are immutable and shared safely; the text still in the datagram is made into strings
        // first, and the two buffers, which point at reused memory, are copied.
        var copy = new PacketDropAlert();
        copy.SetScalars(this);
        copy._symbol.Set(Symbol);
        copy._reasonName.Set(ReasonName);
        copy._reasonOf = copy.ReasonName;
        copy._reason = Reason;
        copy._inputName.Set(InputName);
        copy._hardwareTrapGroup.Set(HardwareTrapGroup);
        copy._hardwareTrap.Set(HardwareTrap);
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
        RefillScalars(alert, payload, cookie);
        InputIfIndex = alert.InputIfIndex;
        _datagram = [];
        _text = text;
        _symbol.Set(text.Get(AlertTextField.Symbol, alert.SymbolUtf8));
        _reasonName.Set(text.Get(AlertTextField.Reason, alert.ReasonUtf8));
        _inputName.Set(text.Get(AlertTextField.Interface, alert.InputNameUtf8));
        _hardwareTrapGroup.Set(text.Get(AlertTextField.TrapGroup, alert.HardwareTrapGroupUtf8));
        _hardwareTrap.Set(text.Get(AlertTextField.Trap, alert.HardwareTrapUtf8));
    }

    /// <summary>
    /// Overwrites every property from <paramref name="alert"/>, a view into <paramref name="datagram"/>,
    /// leaving the text fields there until read: for the streamed alert, valid as long as the datagram.
    /// </summary>
    internal void RefillInPlace(in NetDmPacketAlert alert, byte[] datagram, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> cookie, AlertText text)
    {
        RefillScalars(alert, payload, cookie);
        _datagram = datagram;
        _text = text;
        _symbol.Defer(datagram, alert.SymbolUtf8);
        _reasonName.Defer(datagram, alert.ReasonUtf8);
        NetDmPortAttributes port = alert.Attributes.InPort;
        InputIfIndex = port.NetdevIfindex;
        _inputName.Defer(datagram, port.NetdevNameUtf8);
        _hardwareTrapGroup.Defer(datagram, alert.HardwareTrapGroupUtf8);
        _hardwareTrap.Defer(datagram, alert.HardwareTrapUtf8);
    }

    private void RefillScalars(in NetDmPacketAlert alert, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> cookie)
    {
        Origin = alert.Origin;
        ProgramCounter = alert.ProgramCounter;
        UnixNanoseconds = alert.TimestampNanoseconds is { } time ? (long)time : null;
        Protocol = alert.Protocol;
        OriginalLength = alert.OriginalLength;
        Payload = payload;
        FlowActionCookie = cookie;
    }

    private void SetScalars(PacketDropAlert from)
    {
        Origin = from.Origin;
        ProgramCounter = from.ProgramCounter;
        InputIfIndex = from.InputIfIndex;
        UnixNanoseconds = from.UnixNanoseconds;
        Protocol = from.Protocol;
        OriginalLength = from.OriginalLength;
    }
}
