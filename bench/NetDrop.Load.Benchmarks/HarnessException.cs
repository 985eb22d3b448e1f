using System;

namespace NetDrop.Load.Benchmarks;

/// <summary>The harness itself failed (setup, a tool, a compile): the run proves nothing, so the exit code is 1.</summary>
internal sealed class HarnessException : Exception
{
    public HarnessException(string message)
        : base(message)
    {
    }

    public HarnessException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
