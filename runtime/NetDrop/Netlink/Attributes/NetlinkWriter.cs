using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NetDrop.Netlink;

/// <summary>
/// Writes netlink messages and attributes into a caller's buffer: headers, 4-byte alignment, nesting,
/// and lengths patched in when a message or nest ends. Nothing is allocated; a buffer too small for
/// what is written is a programming error and throws.
/// </summary>
public ref struct NetlinkWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public NetlinkWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer.Slice(0, _length);

    /// <summary>Starts a message (nlmsghdr); returns a token for <see cref="EndMessage"/>.</summary>
    public int BeginMessage(ushort type, NetlinkMessageFlags flags, uint sequence, uint portId = 0)
    {
        Span<byte> header = Reserve(16);
        int start = _length - 16;
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(6), (ushort)flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(8), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(12), portId);
        return start;
    }

    /// <summary>Writes the generic netlink header (genlmsghdr) that follows nlmsghdr.</summary>
    public void WriteGenericHeader(byte command, byte version)
    {
        Span<byte> header = Reserve(4);
        header[0] = command;
        header[1] = version;
        header[2] = 0;
        header[3] = 0;
    }

    /// <summary>
    /// Writes a family's fixed header after nlmsghdr (or genlmsghdr): rtnetlink's ifinfomsg, nfgenmsg,
    /// ovs_header; padded to 4 bytes as the attributes that follow must start aligned.
    /// </summary>
    public void WriteFixedHeader(scoped ReadOnlySpan<byte> header)
    {
        Span<byte> space = Reserve(NetlinkAttribute.Align(header.Length));
        header.CopyTo(space);
        space.Slice(header.Length).Clear();
    }

    /// <summary>Patches the message length; returns the message's length in bytes.</summary>
    public int EndMessage(int token)
    {
        int length = _length - token;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.Slice(token), (uint)length);
        return length;
    }

    public void PutFlag(ushort type) => BeginAttribute(type, 0);

    public void PutU8(ushort type, byte value) => BeginAttribute(type, 1)[0] = value;

    public void PutU16(ushort type, ushort value, bool bigEndian = false)
    {
        Span<byte> payload = BeginAttribute(bigEndian ? (ushort)(type | NetlinkAttribute.NetByteOrderFlag) : type, 2);
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(payload, value);
        }
    }

    public void PutU32(ushort type, uint value, bool bigEndian = false)
    {
        Span<byte> payload = BeginAttribute(bigEndian ? (ushort)(type | NetlinkAttribute.NetByteOrderFlag) : type, 4);
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload, value);
        }
    }

    public void PutU64(ushort type, ulong value, bool bigEndian = false)
    {
        Span<byte> payload = BeginAttribute(bigEndian ? (ushort)(type | NetlinkAttribute.NetByteOrderFlag) : type, 8);
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(payload, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload, value);
        }
    }

    public void PutS8(ushort type, sbyte value) => PutU8(type, unchecked((byte)value));

    public void PutS16(ushort type, short value) => PutU16(type, unchecked((ushort)value));

    public void PutS32(ushort type, int value) => PutU32(type, unchecked((uint)value));

    public void PutS64(ushort type, long value) => PutU64(type, unchecked((ulong)value));

    /// <summary>NLA_UINT: the kernel takes 4 bytes when the value fits, 8 otherwise.</summary>
    public void PutUInt(ushort type, ulong value)
    {
        if (value <= uint.MaxValue)
        {
            PutU32(type, (uint)value);
        }
        else
        {
            PutU64(type, value);
        }
    }

    /// <summary>NLA_SINT: 4 bytes when the value fits, 8 otherwise.</summary>
    public void PutSInt(ushort type, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            PutS32(type, (int)value);
        }
        else
        {
            PutS64(type, value);
        }
    }

    public void PutBinary(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(BeginAttribute(type, value.Length));

    /// <summary>A NUL-terminated string attribute from UTF-8 bytes.</summary>
    public void PutString(ushort type, ReadOnlySpan<byte> utf8)
    {
        Span<byte> payload = BeginAttribute(type, utf8.Length + 1);
        utf8.CopyTo(payload);
        payload[utf8.Length] = 0;
    }

    /// <summary>A NUL-terminated string attribute, encoded in place without allocating.</summary>
    public void PutString(ushort type, string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        Span<byte> payload = BeginAttribute(type, byteCount + 1);
        Encoding.UTF8.GetBytes(value, payload);
        payload[byteCount] = 0;
    }

    /// <summary>Starts a nested attribute; returns a token for <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        BeginAttribute((ushort)(type | NetlinkAttribute.NestedFlag), 0);
        return start;
    }

    public void EndNested(int token)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.Slice(token), checked((ushort)(_length - token)));
    }

    private Span<byte> BeginAttribute(ushort type, int payloadLength)
    {
        int length = NetlinkAttribute.HeaderSize + payloadLength;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "A netlink attribute holds at most 65531 bytes.");
        }

        Span<byte> attribute = Reserve(NetlinkAttribute.Align(length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.Slice(2), type);
        attribute.Slice(length).Clear();
        return attribute.Slice(NetlinkAttribute.HeaderSize, payloadLength);
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "The netlink buffer of {0} bytes is too small: {1} bytes are written and {2} more are needed.", _buffer.Length, _length, count));
        }

        Span<byte> span = _buffer.Slice(_length, count);
        _length += count;
        return span;
    }
}
