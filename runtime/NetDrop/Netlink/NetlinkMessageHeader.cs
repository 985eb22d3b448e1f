using System;
using System.Buffers.Binary;

namespace NetDrop.Netlink;

/// <summary>
/// struct nlmsghdr, the 16 bytes that start every netlink message. Netlink is in host byte order;
/// the little-endian reads say so explicitly, as NetDrop supports only little-endian machines.
/// </summary>
public readonly struct NetlinkMessageHeader : IEquatable<NetlinkMessageHeader>
{
    /// <summary>sizeof(struct nlmsghdr).</summary>
    public const int Size = 16;

    /// <summary>NLMSG_ALIGNTO: messages start on 4-byte boundaries.</summary>
    public const int Alignment = 4;

    public NetlinkMessageHeader(uint length, ushort type, NetlinkMessageFlags flags, uint sequence, uint portId)
    {
        Length = length;
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
    }

    /// <summary>nlmsg_len: length of the message including this header, excluding trailing padding.</summary>
    public uint Length { get; }

    /// <summary>nlmsg_type: a <see cref="NetlinkMessageType"/> or a family's own type (a family id in generic netlink).</summary>
    public ushort Type { get; }

    /// <summary>nlmsg_flags.</summary>
    public NetlinkMessageFlags Flags { get; }

    /// <summary>nlmsg_seq: chosen by the requester and copied into replies; 0 in multicast notifications.</summary>
    public uint Sequence { get; }

    /// <summary>nlmsg_pid: the sending socket's port id (0 from the kernel, and in many requests).</summary>
    public uint PortId { get; }

    /// <summary>NLMSG_ALIGN: rounds a length up to the next message boundary.</summary>
    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    /// <summary>Reads a header from the first 16 bytes; false when fewer are given.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out NetlinkMessageHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        header = new NetlinkMessageHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(source),
            BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
            (NetlinkMessageFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
        return true;
    }

    /// <summary>Writes the header into the first 16 bytes; false when fewer are given.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], PortId);
        return true;
    }

    public bool Equals(NetlinkMessageHeader other) =>
        Length == other.Length && Type == other.Type && Flags == other.Flags && Sequence == other.Sequence && PortId == other.PortId;

    public override bool Equals(object? obj) => obj is NetlinkMessageHeader other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Length, Type, Flags, Sequence, PortId);

    public static bool operator ==(NetlinkMessageHeader left, NetlinkMessageHeader right) => left.Equals(right);

    public static bool operator !=(NetlinkMessageHeader left, NetlinkMessageHeader right) => !left.Equals(right);

    // For test failures and logs; not used on any hot path.
    public override string ToString() => FormattableString.Invariant(
        $"nlmsghdr {{ len {Length}, type {Type}, flags 0x{(ushort)Flags:x4}, seq {Sequence}, pid {PortId} }}");
}
