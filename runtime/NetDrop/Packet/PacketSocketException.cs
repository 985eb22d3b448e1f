using System.IO;

namespace NetDrop.Packet;

/// <summary>A call on a packet socket failed; the message names the call, the errno and what to do.</summary>
public sealed class PacketSocketException : IOException
{
    public PacketSocketException(string operation, int errno, string? hint = null)
        : base(Describe(operation, errno, hint), errno)
    {
        Operation = operation;
        Errno = errno;
    }

    /// <summary>The call, e.g. "socket(AF_PACKET)" or "setsockopt(PACKET_RX_RING)".</summary>
    public string Operation { get; }

    public int Errno { get; }

    private static string Describe(string operation, int errno, string? hint) =>
        $"packet socket {operation} failed: {NetDrop.Netlink.Errno.Name(errno)} ({NetDrop.Netlink.Errno.Description(errno)})" +
        (hint is null ? "" : $": {hint}");
}
