using System.Collections.Generic;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>A --filter expression compiled to a predicate over drops; see docs/filter.md for the language.</summary>
internal sealed class DropFilter
{
    private readonly FilterExpression? _expression;

    private DropFilter(string text, FilterExpression? expression, IReadOnlyCollection<string> fields)
    {
        Text = text;
        _expression = expression;
        Fields = fields;
    }

    /// <summary>Every drop matches.</summary>
    public static DropFilter All { get; } = new("", null, []);

    /// <summary>The names of the fields the expression tests (FilterFields' names), in order.</summary>
    public IReadOnlyCollection<string> Fields { get; }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <exception cref="FilterSyntaxException">The expression is not valid; the exception says where and why.</exception>
    public static DropFilter Parse(string text, ReasonNames reasons)
    {
        FilterExpression expression = FilterParser.Parse(text, reasons, out IReadOnlyCollection<string> fields);
        return new(text, expression, fields);
    }

    public bool Matches(in WatchedDrop drop) => _expression is null || _expression.Matches(drop);
}
