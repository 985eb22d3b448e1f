using System;

namespace NetDrop.Netlink;

/// <summary>
/// Walks the netlink messages in a buffer (a datagram from a netlink socket, or a captured frame).
/// Bad lengths stop the walk and are kept in <see cref="Error"/>; messages read before stay valid.
/// It does not interpret NLMSG_DONE or NLM_F_MULTI: that is up to the caller.
/// </summary>
public ref struct NetlinkMessageReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _offset;
    private NetlinkParseError _error;

    public NetlinkMessageReader(ReadOnlySpan<byte> buffer)
        : this(buffer, 0)
    {
    }

    /// <summary>Starts the walk at <paramref name="offset"/>, where an earlier walk of the same buffer stopped.</summary>
    public NetlinkMessageReader(ReadOnlySpan<byte> buffer, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length);
        _buffer = buffer;
        _offset = offset;
        _error = default;
    }

    /// <summary>Offset of the next message, or of the bad one after an error.</summary>
    public readonly int Offset => _offset;

    /// <summary>The first problem met, or an error of kind None.</summary>
    public readonly NetlinkParseError Error => _error;

    public bool TryReadNext(out NetlinkMessage message)
    {
        message = default;
        int remaining = _buffer.Length - _offset;
        if (_error.IsError || remaining <= 0)
        {
            return false;
        }

        if (!NetlinkMessageHeader.TryRead(_buffer[_offset..], out NetlinkMessageHeader header))
        {
            _error = new NetlinkParseError(NetlinkParseErrorKind.TruncatedHeader, _offset, 0, remaining);
            return false;
        }

        // Every accepted message is at least a header long, so the walk always moves forward.
        if (header.Length < NetlinkMessageHeader.Size)
        {
            _error = new NetlinkParseError(NetlinkParseErrorKind.LengthTooSmall, _offset, header.Length, remaining);
            return false;
        }

        if (header.Length > (uint)remaining)
        {
            _error = new NetlinkParseError(NetlinkParseErrorKind.LengthPastEnd, _offset, header.Length, remaining);
            return false;
        }

        int length = (int)header.Length;
        message = new NetlinkMessage(
            header,
            _buffer.Slice(_offset + NetlinkMessageHeader.Size, length - NetlinkMessageHeader.Size),
            _offset);

        // The last message may lack its padding; Min keeps the offset inside the buffer.
        _offset = Math.Min(_buffer.Length, _offset + NetlinkMessageHeader.Align(length));
        return true;
    }
}
