using System;

namespace NetDrop.Packet;

/// <summary>
/// A capture filter expression cannot be used: libpcap rejected it (the message is libpcap's), it reads
/// a part of a cooked header the kernel cannot filter on, or libpcap is not installed
/// (<see cref="LibraryMissing"/>, the message names the package).
/// </summary>
public sealed class CaptureFilterException : Exception
{
    public CaptureFilterException(string message, bool libraryMissing = false)
        : base(message)
    {
        LibraryMissing = libraryMissing;
    }

    public CaptureFilterException()
    {
    }

    public CaptureFilterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when libpcap, which compiles the expression, cannot be loaded on this machine.</summary>
    public bool LibraryMissing { get; }
}
