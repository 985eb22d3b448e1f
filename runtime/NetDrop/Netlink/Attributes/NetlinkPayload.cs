using System;
using System.Buffers.Binary;
using System.Text;

namespace NetDrop.Netlink;

/// <summary>
/// Reads typed values out of attribute payloads. Netlink integers are in host byte order (little-endian
/// on every machine NetDrop supports) unless the attribute says network byte order.
/// </summary>
public static class NetlinkPayload
{
    public static bool TryReadU8(ReadOnlySpan<byte> payload, out byte value)
    {
        value = payload.Length == 1 ? payload[0] : (byte)0;
        return payload.Length == 1;
    }

    public static bool TryReadU16(ReadOnlySpan<byte> payload, bool bigEndian, out ushort value)
    {
        if (payload.Length != 2)
        {
            value = 0;
            return false;
        }

        value = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(payload) : BinaryPrimitives.ReadUInt16LittleEndian(payload);
        return true;
    }

    public static bool TryReadU32(ReadOnlySpan<byte> payload, bool bigEndian, out uint value)
    {
        if (payload.Length != 4)
        {
            value = 0;
            return false;
        }

        value = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(payload) : BinaryPrimitives.ReadUInt32LittleEndian(payload);
        return true;
    }

    public static bool TryReadU64(ReadOnlySpan<byte> payload, bool bigEndian, out ulong value)
    {
        if (payload.Length != 8)
        {
            value = 0;
            return false;
        }

        value = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(payload) : BinaryPrimitives.ReadUInt64LittleEndian(payload);
        return true;
    }

    /// <summary>The kernel's variable-width unsigned integer (NLA_UINT): 4 or 8 bytes.</summary>
    public static bool TryReadUInt(ReadOnlySpan<byte> payload, out ulong value)
    {
        switch (payload.Length)
        {
            case 4:
                value = BinaryPrimitives.ReadUInt32LittleEndian(payload);
                return true;
            case 8:
                value = BinaryPrimitives.ReadUInt64LittleEndian(payload);
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>The kernel's variable-width signed integer (NLA_SINT): 4 or 8 bytes.</summary>
    public static bool TryReadSInt(ReadOnlySpan<byte> payload, out long value)
    {
        switch (payload.Length)
        {
            case 4:
                value = BinaryPrimitives.ReadInt32LittleEndian(payload);
                return true;
            case 8:
                value = BinaryPrimitives.ReadInt64LittleEndian(payload);
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>A string attribute's bytes without the NUL terminator (and anything after it).</summary>
    public static ReadOnlySpan<byte> StringBytes(ReadOnlySpan<byte> payload)
    {
        int nul = payload.IndexOf((byte)0);
        return nul >= 0 ? payload.Slice(0, nul) : payload;
    }

    /// <summary>Decodes a string attribute; allocates, so hot paths use <see cref="StringBytes"/>.</summary>
    public static string DecodeString(ReadOnlySpan<byte> payload) => Encoding.UTF8.GetString(StringBytes(payload));
}
