using System;

namespace NetDrop.NetDm;

/// <summary>
/// The names of the streamed <see cref="PacketDropAlert"/> (symbol, reason, interface, trap group,
/// trap) left in the datagram until read, each then made into a string through the reader's cache,
/// and the catalogue's reason found from the reason's name on first read. One per reader, reused
/// with its alert; owned alerts hold plain strings and none of this.
/// </summary>
internal sealed class PendingAlertNames
{
    private readonly AlertText _text;
    private byte[] _datagram = [];
    private AlertTextSlot _symbol;
    private AlertTextSlot _reasonName;
    private AlertTextSlot _inputName;
    private AlertTextSlot _hardwareTrapGroup;
    private AlertTextSlot _hardwareTrap;
    private string? _reasonOf;
    private DropReason? _reason;

    public PendingAlertNames(AlertText text) => _text = text;

    public string? Symbol => _symbol.Get(_datagram, _text, AlertTextField.Symbol);

    public string? ReasonName => _reasonName.Get(_datagram, _text, AlertTextField.Reason);

    public string? InputName => _inputName.Get(_datagram, _text, AlertTextField.Interface);

    public string? HardwareTrapGroup => _hardwareTrapGroup.Get(_datagram, _text, AlertTextField.TrapGroup);

    public string? HardwareTrap => _hardwareTrap.Get(_datagram, _text, AlertTextField.Trap);

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

    /// <summary>Takes the next alert's names, views into <paramref name="datagram"/>, without reading them.</summary>
    public void Defer(byte[] datagram, in NetDmPacketAlert alert, ReadOnlySpan<byte> inputName)
    {
        _datagram = datagram;
        _symbol.Defer(datagram, alert.SymbolUtf8);
        _reasonName.Defer(datagram, alert.ReasonUtf8);
        _inputName.Defer(datagram, inputName);
        _hardwareTrapGroup.Defer(datagram, alert.HardwareTrapGroupUtf8);
        _hardwareTrap.Defer(datagram, alert.HardwareTrapUtf8);
    }
}
