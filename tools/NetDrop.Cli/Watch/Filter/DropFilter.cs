namespace NetDrop.Cli.Watch.Filter;

/// <summary>A --filter expression compiled to a predicate over drops; see docs/filter.md for the language.</summary>
internal sealed class DropFilter
{
    private readonly FilterExpression? _expression;

    private DropFilter(string text, FilterExpression? expression)
    {
        Text = text;
        _expression = expression;
    }

    /// <summary>Every drop matches.</summary>
    public static DropFilter All { get; } = new("", null);

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <exception cref="FilterSyntaxException">The expression is not valid; the exception says where and why.</exception>
    public static DropFilter Parse(string text, ReasonNames reasons) => new(text, FilterParser.Parse(text, reasons));

    public bool Matches(in WatchedDrop drop) => _expression is null || _expression.Matches(drop);
}
