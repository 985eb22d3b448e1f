using System;
using NetDrop.Interop;

namespace NetDrop.Tracing;

/// <summary>tracefs cannot be used: not mounted and not mountable, no rights, or the event is missing. The message says what to do.</summary>
public sealed class TracefsUnavailableException : Exception
{
    public TracefsUnavailableException(string message, Exception? inner = null, Errno errno = Errno.None)
        : base(message, inner) => Errno = errno;

    /// <summary>The errno behind the failure when a call returned one (mount, mkdir of the instance); <see cref="Errno.None"/> when a check of NetDrop's found it.</summary>
    public Errno Errno { get; }
}
