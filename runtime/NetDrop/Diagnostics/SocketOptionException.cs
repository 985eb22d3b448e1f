using System.IO;

namespace NetDrop.Diagnostics;

/// <summary>A socket call of <see cref="PacketProbeSocket"/> failed; <see cref="Errno"/> says why.</summary>
internal sealed class SocketOptionException : IOException
{
    public SocketOptionException(string operation, int errno)
        : base($"{operation} failed: {NetDrop.Netlink.Errno.Name(errno)} ({NetDrop.Netlink.Errno.Description(errno)})", errno)
    {
        Errno = errno;
    }

    public int Errno { get; }
}
