using System;
using System.Buffers.Binary;

namespace NetDrop.Netlink.Generic;

/// <summary>struct genlmsghdr, the 4 bytes after nlmsghdr in every generic netlink message.</summary>
public readonly struct GenericNetlinkHeader
{
    /// <summary>GENL_HDRLEN.</summary>
    public const int Size = 4;

    public GenericNetlinkHeader(byte command, byte version, ushort reserved = 0)
    {
        Command = command;
        Version = version;
        Reserved = reserved;
    }

    /// <summary>cmd: the family's command number.</summary>
    public byte Command { get; }

    /// <summary>version: the family's interface version the sender speaks.</summary>
    public byte Version { get; }

    /// <summary>reserved: 0 on the wire.</summary>
    public ushort Reserved { get; }

    /// <summary>
    /// Reads the header at the start of a message payload. <paramref name="attributes"/> is the rest:
    /// the attributes, preceded by the family's fixed header if it has one (CTRL_ATTR_HDRSIZE; NET_DM has none).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> messagePayload, out GenericNetlinkHeader header, out ReadOnlySpan<byte> attributes)
    {
        if (messagePayload.Length < Size)
        {
            header = default;
            attributes = default;
            return false;
        }

        header = new GenericNetlinkHeader(messagePayload[0], messagePayload[1], BinaryPrimitives.ReadUInt16LittleEndian(messagePayload[2..]));
        attributes = messagePayload[Size..];
        return true;
    }

    /// <summary>Writes the header into the first 4 bytes; false when fewer are given.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        destination[0] = Command;
        destination[1] = Version;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], Reserved);
        return true;
    }
}
