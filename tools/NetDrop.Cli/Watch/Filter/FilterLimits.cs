namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// How large a --filter expression may be (docs/filter.md, "Limits"). The parser descends once per '(' and
/// '!', and the compiled filter evaluates one call deeper per nesting level, so nesting is what could
/// overflow the stack; chains of &amp;&amp; and || are flat lists evaluated in a loop and cost no depth.
/// The bounds are far below what a small thread stack holds and far above what anyone writes by hand.
/// </summary>
internal static class FilterLimits
{
    /// <summary>Longest expression, in characters (UTF-16 code units, as the column is counted).</summary>
    public const int MaxLength = 16_384;

    /// <summary>Most '(' and '!' open at once: the depth of the parse and of the evaluation.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most comparisons (field tests) in one expression; a set in braces is one comparison.</summary>
    public const int MaxComparisons = 1_024;
}
