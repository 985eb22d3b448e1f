using NetDrop.Interop;

namespace NetDrop.Netlink.Sockets;

/// <summary>A socket call on a netlink socket failed, e.g. "bind" or "setsockopt(NETLINK_ADD_MEMBERSHIP)"; <see cref="SocketCallException.Errno"/> says why.</summary>
public sealed class NetlinkSocketException : SocketCallException
{
    public NetlinkSocketException(string operation, Errno errno, string? hint = null)
        : base("netlink", operation, errno, hint)
    {
    }
}
