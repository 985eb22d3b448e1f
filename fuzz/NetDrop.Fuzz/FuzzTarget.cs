using System;

namespace NetDrop.Fuzz;

/// <summary>
/// One parser under fuzzing. <see cref="Run"/> feeds it an input and checks its invariants: it
/// catches only the errors the parser documents for bad input, so any other exception, or a broken
/// invariant (<see cref="InvariantViolationException"/>), reaches AFL as a crash. Constructors must not
/// call into NetDrop: the instrumented assemblies write coverage to a map that exists only once
/// SharpFuzz's fork server has started, so a target sets itself up on its first input.
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>The name run.sh and the command line use.</summary>
    public abstract string Name { get; }

    /// <summary>What the target feeds to which parser, for the list.</summary>
    public abstract string Description { get; }

    public abstract void Run(ReadOnlySpan<byte> input);
}
