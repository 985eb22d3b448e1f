using System;

namespace NetDrop.Fuzz;

/// <summary>Checks the targets share.</summary>
internal static class Invariants
{
    public static void That(bool condition, string broken)
    {
        if (!condition)
        {
            throw new InvariantViolationException(broken);
        }
    }

    /// <summary>A view a parser returned must lie inside the buffer it was given (spans make reading outside throw; this catches a view of the wrong buffer).</summary>
    public static void Inside(ReadOnlySpan<byte> part, ReadOnlySpan<byte> whole, string what)
    {
        if (part.IsEmpty)
        {
            return;
        }

        That(whole.Overlaps(part, out int offset) && offset >= 0 && offset + part.Length <= whole.Length,
            $"{what} ({part.Length} bytes) does not lie inside the {whole.Length}-byte input");
    }

    /// <summary>A 1-based position in a text must name one of its characters, or the place just past the end.</summary>
    public static void Column(int column, string text, string what) =>
        That(column >= 1 && column <= text.Length + 1, $"{what} column {column} is outside the {text.Length}-character text");
}
