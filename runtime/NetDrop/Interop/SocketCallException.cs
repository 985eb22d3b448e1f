using System.IO;
using NetDrop.Interop;

namespace NetDrop.Interop;

/// <summary>A call on one of NetDrop's sockets failed; the message names the socket, the call, the errno and what to do.</summary>
public abstract class SocketCallException : IOException
{
    /// <param name="socketKind">The socket, as the message names it: "netlink", "packet socket".</param>
    /// <param name="operation">The call, e.g. "bind" or "setsockopt(PACKET_RX_RING)".</param>
    /// <param name="errno">The errno the call failed with.</param>
    /// <param name="hint">What to do about it, when NetDrop knows.</param>
    protected SocketCallException(string socketKind, string operation, Errno errno, string? hint)
        : base(Describe(socketKind, operation, errno, hint), (int)errno)
    {
        Operation = operation;
        Errno = errno;
    }

    /// <summary>The call that failed.</summary>
    public string Operation { get; }

    /// <summary>Why the call failed.</summary>
    public Errno Errno { get; }

    private static string Describe(string socketKind, string operation, Errno errno, string? hint) =>
        $"{socketKind} {operation} failed: {errno.Name()} ({errno.Description()})" +
        (hint is null ? "" : $": {hint}");
}
