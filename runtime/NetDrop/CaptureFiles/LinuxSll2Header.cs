using System;
using System.Buffers.Binary;
using NetDrop.Packet;

namespace NetDrop.CaptureFiles;

/// <summary>
/// The 20-byte header LINKTYPE_LINUX_SLL2 puts before each packet (libpcap's pcap/sll.h): the protocol,
/// two reserved bytes, the interface index, the hardware type, the packet type, the address length and
/// 8 address bytes, every number big-endian. tcpdump -i any writes it; NetDrop builds it from what the
/// kernel says of each frame on a cooked packet socket (its sockaddr_ll).
/// </summary>
public static class LinuxSll2Header
{
    /// <summary>Bytes before the packet.</summary>
    public const int Size = 20;

    private const int MaxAddressLength = 8;

    /// <summary>Writes the header for <paramref name="frame"/> into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, in PacketFrame frame)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        BinaryPrimitives.WriteUInt16BigEndian(destination, frame.Protocol);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], frame.InterfaceIndex);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], frame.HardwareType);
        destination[10] = (byte)frame.PacketType;
        int length = Math.Min(frame.HardwareAddressLength, (byte)MaxAddressLength);
        destination[11] = (byte)length;

        // sll_addr lies in memory as on the wire, HardwareAddress holds it first byte lowest; the bytes
        // past its length are whatever the ring held before, so they are written as zeros.
        ulong mask = length == MaxAddressLength ? ulong.MaxValue : (1UL << (8 * length)) - 1;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[12..], frame.HardwareAddress & mask);
    }

    /// <summary>The interface index of an SLL2 record, or null when it is shorter than the header.</summary>
    public static int? InterfaceIndex(ReadOnlySpan<byte> record) =>
        record.Length < Size ? null : BinaryPrimitives.ReadInt32BigEndian(record[4..]);
}
