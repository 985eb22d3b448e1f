using System;
using System.Buffers.Binary;

namespace NetDrop.CaptureFiles;

/// <summary>
/// The 16-byte pseudo-header that LINKTYPE_NETLINK puts before each netlink message. It has the
/// layout of a Linux cooked (SLL) header, and like it every field is big-endian, even though the
/// netlink message after it is in host byte order.
/// </summary>
public readonly struct NetlinkCookedHeader
{
    /// <summary>Bytes before the netlink message.</summary>
    public const int Size = 16;

    /// <summary>ARPHRD_NETLINK, the hardware type of an nlmon device.</summary>
    public const ushort ArphrdNetlink = 824;

    /// <summary>NETLINK_GENERIC, the netlink family that carries NET_DM.</summary>
    public const ushort ProtocolGeneric = 16;

    /// <summary>PACKET_OUTGOING. nlmon marks every message so, in both directions.</summary>
    public const ushort PacketOutgoing = 4;

    private const int MaxAddressLength = 8;

    public NetlinkCookedHeader(ushort packetType, ushort arpHardwareType, ushort addressLength, ulong address, ushort protocol)
    {
        PacketType = packetType;
        ArpHardwareType = arpHardwareType;
        AddressLength = addressLength;
        Address = address;
        Protocol = protocol;
    }

    /// <summary>PACKET_* type. nlmon always reports PACKET_OUTGOING, so direction has to come from the message itself.</summary>
    public ushort PacketType { get; }

    /// <summary>ARPHRD_* type; <see cref="ArphrdNetlink"/> for netlink captures.</summary>
    public ushort ArpHardwareType { get; }

    /// <summary>How many of the 8 address bytes are meaningful (0 for nlmon).</summary>
    public ushort AddressLength { get; }

    /// <summary>The 8 address bytes, first byte most significant.</summary>
    public ulong Address { get; }

    /// <summary>The netlink family (NETLINK_*), e.g. <see cref="ProtocolGeneric"/>.</summary>
    public ushort Protocol { get; }

    /// <summary>True when the header describes a netlink message.</summary>
    public bool IsNetlink => ArpHardwareType == ArphrdNetlink;

    /// <summary>
    /// Splits a LINKTYPE_NETLINK frame into its pseudo-header and the netlink message bytes after it.
    /// False when the frame is shorter than the header or claims an address longer than its 8 bytes.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out NetlinkCookedHeader header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (frame.Length < Size)
        {
            return false;
        }

        ushort addressLength = BinaryPrimitives.ReadUInt16BigEndian(frame[4..]);
        if (addressLength > MaxAddressLength)
        {
            return false;
        }

        header = new NetlinkCookedHeader(
            BinaryPrimitives.ReadUInt16BigEndian(frame),
            BinaryPrimitives.ReadUInt16BigEndian(frame[2..]),
            addressLength,
            BinaryPrimitives.ReadUInt64BigEndian(frame[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(frame[14..]));
        payload = frame[Size..];
        return true;
    }
}
