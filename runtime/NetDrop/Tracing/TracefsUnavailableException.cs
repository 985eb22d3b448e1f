using System;

namespace NetDrop.Tracing;

/// <summary>tracefs cannot be used: not mounted and not mountable, no rights, or the event is missing. The message says what to do.</summary>
public sealed class TracefsUnavailableException : Exception
{
    public TracefsUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
