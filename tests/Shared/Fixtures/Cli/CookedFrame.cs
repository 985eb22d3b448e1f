using System;
using System.Buffers.Binary;
using NetDrop.CaptureFiles;

namespace NetDrop.Tests.Cli;

/// <summary>Puts the LINKTYPE_NETLINK pseudo-header nlmon writes before a generic netlink message.</summary>
internal static class CookedFrame
{
    public static byte[] Wrap(ReadOnlySpan<byte> message)
    {
        byte[] frame = new byte[NetlinkCookedHeader.Size + message.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, NetlinkCookedHeader.PacketOutgoing);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), NetlinkCookedHeader.ArphrdNetlink);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), NetlinkCookedHeader.ProtocolGeneric);
        message.CopyTo(frame.AsSpan(NetlinkCookedHeader.Size));
        return frame;
    }
}
