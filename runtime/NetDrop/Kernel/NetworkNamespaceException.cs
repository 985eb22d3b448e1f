using System.IO;
using NetDrop.Interop;

namespace NetDrop.Kernel;

/// <summary>A thread could not enter a network namespace, or not go back to its own; the message names the namespace and the errno.</summary>
public sealed class NetworkNamespaceException : IOException
{
    public NetworkNamespaceException(string message, Errno errno)
        : base(message, (int)errno) => Errno = errno;

    /// <summary>Why open(2) or setns(2) failed; <see cref="Errno.None"/> when the name itself was refused.</summary>
    public Errno Errno { get; }
}
