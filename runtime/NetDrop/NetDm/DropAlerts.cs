using System;
using System.Collections.Generic;
using System.Text;
using NetDrop.Kernel;

namespace NetDrop.NetDm;

/// <summary>Copies alert views out of the receive buffer into <see cref="DropAlert"/>s.</summary>
public static class DropAlerts
{
    public static PacketDropAlert From(in NetDmPacketAlert alert) => new(
        alert.Origin,
        alert.ProgramCounter,
        Text(alert.SymbolUtf8),
        alert.Reason,
        Text(alert.ReasonUtf8),
        alert.InputIfIndex,
        Text(alert.InputNameUtf8),
        alert.TimestampNanoseconds is { } time ? (long)time : null,
        alert.Protocol,
        alert.OriginalLength,
        alert.Payload.ToArray(),
        Text(alert.HardwareTrapGroupUtf8),
        Text(alert.HardwareTrapUtf8),
        alert.Attributes.FlowActionCookie.ToArray());

    public static SummaryDropAlert From(in NetDmSummaryAlert alert, KernelSymbols? symbols)
    {
        var points = new SummaryDropPoint[alert.Count];
        for (int i = 0; i < points.Length; i++)
        {
            NetDmDropPoint point = alert[i];
            points[i] = new SummaryDropPoint(point.ProgramCounter, point.Count, symbols?.Format(point.ProgramCounter));
        }

        return new SummaryDropAlert(points, Array.Empty<HardwareTrapCount>());
    }

    public static SummaryDropAlert From(in NetDmHwEntriesAttributes entries)
    {
        var traps = new List<HardwareTrapCount>();
        foreach (NetDmHwEntryAttributes entry in entries.HwEntry)
        {
            traps.Add(new HardwareTrapCount(entry.GetHwTrapName(), entry.HwTrapCount ?? 0));
        }

        return new SummaryDropAlert(Array.Empty<SummaryDropPoint>(), traps);
    }

    private static string? Text(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? null : Encoding.UTF8.GetString(utf8);
}
