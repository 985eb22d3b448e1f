using System;
using NetDrop.Kernel;

namespace NetDrop.NetDm;

/// <summary>Copies alert views out of the receive buffer into owned <see cref="DropAlert"/>s (each call allocates).</summary>
public static class DropAlerts
{
    public static PacketDropAlert From(in NetDmPacketAlert alert)
    {
        var owned = new PacketDropAlert();
        owned.Refill(alert, alert.Payload.ToArray(), alert.Attributes.FlowActionCookie.ToArray(), AlertText.Uncached(null));
        return owned;
    }

    public static SummaryDropAlert From(in NetDmSummaryAlert alert, KernelSymbols? symbols)
    {
        var owned = new SummaryDropAlert();
        owned.Refill(alert, AlertText.Uncached(symbols));
        return owned;
    }

    public static SummaryDropAlert From(in NetDmHwEntriesAttributes entries)
    {
        var owned = new SummaryDropAlert();
        owned.Refill(entries, AlertText.Uncached(null));
        return owned;
    }
}
