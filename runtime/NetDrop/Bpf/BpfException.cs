using System;

namespace NetDrop.Bpf;

/// <summary>The kernel refused a BPF operation: the message says which, why, and what to do.</summary>
public class BpfException : Exception
{
    public BpfException(string message, int errno)
        : base(message) => Errno = errno;

    /// <summary>The errno the kernel returned (EPERM is 1), 0 when the failure was found before a call.</summary>
    public int Errno { get; }
}
