using NetDrop.Netlink.Generic;
using System;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Benchmarks;

/// <summary>The work every benchmark here does per message, so they compare decoders, not workloads.</summary>
internal static class AlertFields
{
    /// <summary>Reads every field a drop report shows.</summary>
    public static ulong Sum(in NetDmPacketAlert alert) =>
        alert.ProgramCounter.GetValueOrDefault()
        + alert.TimestampNanoseconds.GetValueOrDefault()
        + alert.InputIfIndex.GetValueOrDefault()
        + alert.OriginalLength.GetValueOrDefault()
        + alert.Protocol.GetValueOrDefault()
        + (ulong)alert.Payload.Length
        + (ulong)alert.SymbolUtf8.Length
        + (ulong)(alert.Reason ?? DropReason.NotSpecified);

    /// <summary>The same fields of an alert as ReadAlertsAsync yields it.</summary>
    public static ulong Sum(PacketDropAlert alert) =>
        alert.ProgramCounter.GetValueOrDefault()
        + (ulong)alert.UnixNanoseconds.GetValueOrDefault()
        + alert.InputIfIndex.GetValueOrDefault()
        + alert.OriginalLength.GetValueOrDefault()
        + alert.Protocol.GetValueOrDefault()
        + (ulong)alert.Payload.Length
        + (ulong)(alert.Symbol?.Length ?? 0)
        + (ulong)(alert.Reason ?? DropReason.NotSpecified);

    /// <summary>The floor: the bare attribute walk of <paramref name="count"/> messages, touching each payload.</summary>
    public static int WalkAttributes(byte[][] messages, int count)
    {
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            var reader = new NetlinkAttributeReader(messages[i % messages.Length].AsSpan(NetlinkMessageHeader.Size + GenericNetlinkHeader.Size));
            while (reader.TryReadNext(out NetlinkAttribute attribute))
            {
                sum += attribute.Type + attribute.Payload.Length;
            }
        }

        return sum;
    }
}
