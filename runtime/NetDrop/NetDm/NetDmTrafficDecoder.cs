using NetDrop.Netlink.Generic;
using System;
using System.Globalization;
using NetDrop.Netlink;
using NetDrop.Netlink.Control;

namespace NetDrop.NetDm;

/// <summary>
/// Decodes the netlink traffic between NET_DM and its clients, message by message, as a capture on an
/// nlmon device records it. NET_DM's family id is assigned at run time, so the decoder learns it from
/// the controller's CTRL_CMD_NEWFAMILY reply in the same traffic (or is told it up front).
/// </summary>
public sealed class NetDmTrafficDecoder
{
    /// <summary>GENL_ID_CTRL: the controller's fixed family id.</summary>
    public const ushort ControllerFamilyId = 0x10;

    public NetDmTrafficDecoder(ushort? netDmFamilyId = null) => NetDmFamilyId = netDmFamilyId;

    /// <summary>NET_DM's family id, once known.</summary>
    public ushort? NetDmFamilyId { get; private set; }

    /// <summary>The id of NET_DM's "events" multicast group, once the controller has said it.</summary>
    public uint? EventsGroupId { get; private set; }

    /// <param name="message">One message; offsets in it are relative to the buffer its reader walked.</param>
    /// <param name="baseOffset">Where that buffer starts in the frame or datagram, so errors name the right byte.</param>
    public TrafficMessage Decode(NetlinkMessage message, int baseOffset = 0)
    {
        NetlinkMessageHeader header = message.Header;
        switch (header.Type)
        {
            case NetlinkMessageType.Error:
                if (NetlinkErrorMessage.TryParse(message, out NetlinkErrorMessage error))
                {
                    return new TrafficMessage(error.IsAck ? TrafficMessageKind.Ack : TrafficMessageKind.Error, header, default, message.Payload, baseOffset + message.Offset + NetlinkMessageHeader.Size, null);
                }

                return Malformed(header, string.Format(CultureInfo.InvariantCulture,
                    "NLMSG_ERROR of {0} bytes is too short for struct nlmsgerr", message.Payload.Length));
            case NetlinkMessageType.Done:
                return new TrafficMessage(TrafficMessageKind.Done, header, default, default, 0, null);
        }

        bool isControl = header.Type == ControllerFamilyId;
        bool isNetDm = header.Type == NetDmFamilyId;
        if (!isControl && !isNetDm)
        {
            return new TrafficMessage(TrafficMessageKind.Other, header, default, default, 0, null);
        }

        if (!GenericNetlinkHeader.TryParse(message.Payload, out GenericNetlinkHeader generic, out ReadOnlySpan<byte> attributes))
        {
            return Malformed(header, string.Format(CultureInfo.InvariantCulture,
                "message of type 0x{0:x} has {1} bytes after nlmsghdr, fewer than the 4-byte generic netlink header", header.Type, message.Payload.Length));
        }

        int attributesOffset = baseOffset + message.Offset + NetlinkMessageHeader.Size + GenericNetlinkHeader.Size;
        bool request = (header.Flags & NetlinkMessageFlags.Request) != 0;
        if (isControl)
        {
            if (!request)
            {
                Learn(NlctrlCtrlAttributes.Parse(attributes, attributesOffset));
            }

            return new TrafficMessage(request ? TrafficMessageKind.ControlRequest : TrafficMessageKind.ControlReply, header, generic, attributes, attributesOffset, null);
        }

        return new TrafficMessage(request ? TrafficMessageKind.NetDmRequest : TrafficMessageKind.NetDmMessage, header, generic, attributes, attributesOffset, null);
    }

    private void Learn(NlctrlCtrlAttributes control)
    {
        if (!control.FamilyNameUtf8.SequenceEqual("NET_DM"u8) || control.FamilyId is not { } id)
        {
            return;
        }

        NetDmFamilyId = id;
        foreach (NlctrlMcastGroupAttributes group in control.McastGroups)
        {
            if (group.NameUtf8.SequenceEqual("events"u8))
            {
                EventsGroupId = group.Id;
            }
        }
    }

    private static TrafficMessage Malformed(NetlinkMessageHeader header, string problem) =>
        new(TrafficMessageKind.Malformed, header, default, default, 0, problem);
}
