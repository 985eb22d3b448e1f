using NetDrop.Netlink.Generic;
using System;
using NetDrop.Netlink;

namespace NetDrop.NetDm;

/// <summary>
/// Decodes datagrams from NET_DM's events group into alert views, with no allocation. Separate
/// from the socket so the same code reads live alerts, captured ones and crafted ones.
/// </summary>
public sealed class NetDmAlertDecoder
{
    public NetDmAlertDecoder(ushort familyId) => FamilyId = familyId;

    /// <summary>NET_DM's family id on the kernel the datagrams come from.</summary>
    public ushort FamilyId { get; }

    /// <summary>Messages (or datagram tails) that did not decode.</summary>
    public long MalformedMessages { get; private set; }

    /// <summary>
    /// Walks one datagram of alerts, handing each to <paramref name="handler"/>; returns the number of
    /// NET_DM messages in it. A message that does not decode is reported and skipped, and the walk
    /// goes on with the next one.
    /// </summary>
    public int Decode<THandler>(ReadOnlySpan<byte> datagram, ref THandler handler)
        where THandler : struct, INetDmAlertHandler
    {
        int count = 0;
        int offset = 0;
        while (DecodeNext(datagram, ref offset, ref handler))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Decodes the first NET_DM message at or after <paramref name="offset"/> and moves
    /// <paramref name="offset"/> past it; false when the datagram holds no more. This lets a reader
    /// stop after each message (to hand one alert out) and resume where it stopped.
    /// </summary>
    public bool DecodeNext<THandler>(ReadOnlySpan<byte> datagram, ref int offset, ref THandler handler)
        where THandler : struct, INetDmAlertHandler
    {
        var reader = new NetlinkMessageReader(datagram, offset);
        while (reader.TryReadNext(out NetlinkMessage message))
        {
            if (message.Header.Type != FamilyId)
            {
                continue;
            }

            offset = reader.Offset;
            DecodeMessage(message, ref handler);
            return true;
        }

        offset = datagram.Length;
        if (reader.Error.IsError)
        {
            Malformed(ref handler, $"event datagram of {datagram.Length} bytes: {reader.Error}");
        }

        return false;
    }

    private void DecodeMessage<THandler>(in NetlinkMessage message, ref THandler handler)
        where THandler : struct, INetDmAlertHandler
    {
        if (!GenericNetlinkHeader.TryParse(message.Payload, out GenericNetlinkHeader generic, out ReadOnlySpan<byte> body))
        {
            Malformed(ref handler, $"NET_DM message at offset {message.Offset} has {message.Payload.Length} bytes, too few for a generic netlink header");
            return;
        }

        NetDmAttributes attributes = NetDmAttributes.Parse(body, message.Offset + NetlinkMessageHeader.Size + GenericNetlinkHeader.Size);
        if (attributes.Error.IsError)
        {
            Malformed(ref handler, $"NET_DM {(NetDmCommand)generic.Command} message at offset {message.Offset}: {attributes.Error}");
            return;
        }

        switch ((NetDmCommand)generic.Command)
        {
            case NetDmCommand.PacketAlert:
                handler.OnPacketAlert(new NetDmPacketAlert(attributes));
                break;
            case NetDmCommand.Alert when attributes.HasHwEntries:
                handler.OnHardwareSummaryAlert(attributes.HwEntries);
                break;
            case NetDmCommand.Alert:
                if (NetDmSummaryAlert.TryParse(attributes, out NetDmSummaryAlert summary, out string? problem))
                {
                    handler.OnSummaryAlert(summary);
                }

                if (problem is not null)
                {
                    Malformed(ref handler, problem);
                }

                break;
        }
    }

    private void Malformed<THandler>(ref THandler handler, string problem)
        where THandler : struct, INetDmAlertHandler
    {
        MalformedMessages++;
        handler.OnMalformed(problem);
    }
}
