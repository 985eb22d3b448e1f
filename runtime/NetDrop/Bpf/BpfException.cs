using System;
using NetDrop.Interop;

namespace NetDrop.Bpf;

/// <summary>The kernel refused a BPF operation: the message says which, why, and what to do.</summary>
public class BpfException : Exception
{
    public BpfException(string message, Errno errno)
        : base(message) => Errno = errno;

    /// <summary>The errno the kernel returned ; <see cref="Errno.None"/> when the failure was found before a call.</summary>
    public Errno Errno { get; }
}
