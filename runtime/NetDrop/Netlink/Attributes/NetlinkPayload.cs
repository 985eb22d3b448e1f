using System;
using System.Buffers.Binary;
using System.Text;

namespace NetDrop.Netlink;

/// <summary>
/// Reads the values of attribute payloads that need more than one fixed-size read: the variable-width
/// integers and strings. (Fixed-width integers the generated views read in place, in host byte order,
/// little-endian on every machine NetDrop supports, unless the attribute says network byte order.)
/// </summary>
public static class NetlinkPayload
{
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
