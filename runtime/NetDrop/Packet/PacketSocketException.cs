using NetDrop.Interop;

namespace NetDrop.Packet;

/// <summary>A call on a packet socket failed, e.g. "socket(AF_PACKET)" or "setsockopt(PACKET_RX_RING)"; the message says what to do.</summary>
public sealed class PacketSocketException : SocketCallException
{
    public PacketSocketException(string operation, Errno errno, string? hint = null)
        : base("packet socket", operation, errno, hint)
    {
    }
}
