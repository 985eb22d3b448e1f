using System;
using System.Buffers.Binary;

namespace NetDrop.Netlink;

/// <summary>
/// Walks a run of netlink attributes in place. It never throws on bad input: a malformed length
/// stops the walk and is kept in <see cref="Error"/>, and everything read before it stays valid.
/// </summary>
public ref struct NetlinkAttributeReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _baseOffset;
    private int _position;
    private NetlinkAttributeError _error;

    /// <param name="buffer">The attributes, back to back.</param>
    /// <param name="baseOffset">Offset of <paramref name="buffer"/> in the outermost buffer, so errors and
    /// attribute offsets point at the right byte of a message.</param>
    public NetlinkAttributeReader(ReadOnlySpan<byte> buffer, int baseOffset = 0)
    {
        _buffer = buffer;
        _baseOffset = baseOffset;
        _position = 0;
        _error = default;
    }

    /// <summary>The first malformation met, or an error of kind None.</summary>
    public readonly NetlinkAttributeError Error => _error;

    public bool TryReadNext(out NetlinkAttribute attribute)
    {
        int remaining = _buffer.Length - _position;
        if (_error.IsError || remaining <= 0)
        {
            attribute = default;
            return false;
        }

        if (remaining < NetlinkAttribute.HeaderSize)
        {
            _error = new NetlinkAttributeError(NetlinkAttributeErrorKind.TruncatedHeader, _baseOffset + _position, 0, remaining, NetlinkAttribute.HeaderSize);
            attribute = default;
            return false;
        }

        ReadOnlySpan<byte> header = _buffer.Slice(_position, NetlinkAttribute.HeaderSize);
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(header);
        ushort rawType = BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(2));
        if (length < NetlinkAttribute.HeaderSize || length > remaining)
        {
            ushort type = (ushort)(rawType & ~(NetlinkAttribute.NestedFlag | NetlinkAttribute.NetByteOrderFlag));
            _error = new NetlinkAttributeError(NetlinkAttributeErrorKind.BadLength, _baseOffset + _position, type, length, remaining);
            attribute = default;
            return false;
        }

        attribute = new NetlinkAttribute(
            rawType,
            _buffer.Slice(_position + NetlinkAttribute.HeaderSize, length - NetlinkAttribute.HeaderSize),
            _baseOffset + _position);

        // The last attribute may omit its padding; Min keeps the position inside the buffer.
        _position = Math.Min(_buffer.Length, _position + NetlinkAttribute.Align(length));
        return true;
    }

    /// <summary>A reader over the payload of <paramref name="attribute"/>, keeping offsets absolute.</summary>
    public static NetlinkAttributeReader Nested(NetlinkAttribute attribute) =>
        new(attribute.Payload, attribute.Offset + NetlinkAttribute.HeaderSize);
}
