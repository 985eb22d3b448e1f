using System;

namespace NetDrop;

/// <summary>No drop source could be opened; the message says what each one needed.</summary>
public sealed class DropSourceUnavailableException : InvalidOperationException
{
    public DropSourceUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
