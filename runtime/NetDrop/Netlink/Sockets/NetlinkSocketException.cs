using System.IO;

namespace NetDrop.Netlink.Sockets;

/// <summary>A socket call on a netlink socket failed; <see cref="Errno"/> says why.</summary>
public sealed class NetlinkSocketException : IOException
{
    public NetlinkSocketException(string operation, int errno, string? hint = null)
        : base(Describe(operation, errno, hint), errno)
    {
        Operation = operation;
        Errno = errno;
    }

    /// <summary>The call, e.g. "bind" or "setsockopt(NETLINK_ADD_MEMBERSHIP)".</summary>
    public string Operation { get; }

    public int Errno { get; }

    private static string Describe(string operation, int errno, string? hint) =>
        $"netlink {operation} failed: {NetDrop.Netlink.Errno.Name(errno)} ({NetDrop.Netlink.Errno.Description(errno)})" +
        (hint is null ? "" : $": {hint}");
}
