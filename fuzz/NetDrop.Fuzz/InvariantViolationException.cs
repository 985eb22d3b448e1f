using System;

namespace NetDrop.Fuzz;

/// <summary>A parser returned something it must not (a span outside its input, an impossible count): a crash for AFL.</summary>
internal sealed class InvariantViolationException : Exception
{
    public InvariantViolationException(string message)
        : base(message)
    {
    }
}
