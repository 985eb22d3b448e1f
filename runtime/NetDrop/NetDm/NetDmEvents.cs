using System.Text;

namespace NetDrop.NetDm;

/// <summary>Turns NET_DM packet alerts into <see cref="DropEvent"/>s (allocates: the event, its strings and a copy of the payload).</summary>
public static class NetDmEvents
{
    public static DropEvent ToDropEvent(in NetDmPacketAlert alert)
    {
        string? name = alert.ReasonUtf8.IsEmpty ? null : Encoding.UTF8.GetString(alert.ReasonUtf8);
        string? symbol = alert.SymbolUtf8.IsEmpty ? null : Encoding.UTF8.GetString(alert.SymbolUtf8);
        return new DropEvent(
            (long)(alert.TimestampNanoseconds ?? 0),
            alert.Reason,
            name,
            0,
            alert.ProgramCounter ?? 0,
            symbol,
            alert.InputIfIndex is { } ifIndex ? (int)ifIndex : null,
            alert.Protocol ?? 0,
            alert.Payload.ToArray(),
            DropSource.NetDm)
        {
            InterfaceName = alert.InputNameUtf8.IsEmpty ? null : Encoding.UTF8.GetString(alert.InputNameUtf8),
            OriginalLength = alert.OriginalLength is { } length ? (int)length : null,
            IsHardwareDrop = alert.Origin == NetDmOrigin.Hw,
            HardwareTrap = alert.HardwareTrapUtf8.IsEmpty ? null
                : Encoding.UTF8.GetString(alert.HardwareTrapGroupUtf8) + "/" + Encoding.UTF8.GetString(alert.HardwareTrapUtf8),
        };
    }
}
