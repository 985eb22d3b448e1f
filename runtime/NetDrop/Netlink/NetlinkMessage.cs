using System;

namespace NetDrop.Netlink;

/// <summary>One netlink message found by <see cref="NetlinkMessageReader"/>, pointing into the reader's buffer.</summary>
public readonly ref struct NetlinkMessage
{
    public NetlinkMessage(NetlinkMessageHeader header, ReadOnlySpan<byte> payload, int offset)
    {
        Header = header;
        Payload = payload;
        Offset = offset;
    }

    public NetlinkMessageHeader Header { get; }

    /// <summary>The <c>Header.Length - 16</c> bytes after the header, without trailing padding.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Offset of the header within the buffer the reader walks.</summary>
    public int Offset { get; }
}
