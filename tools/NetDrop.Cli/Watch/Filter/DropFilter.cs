using System.Collections.Generic;
using NetDrop.Bpf.Filter;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>A --filter expression compiled to a predicate over drops; see docs/filter.md for the language.</summary>
internal sealed class DropFilter
{
    private readonly FilterExpression? _expression;

    /// <summary>What remains once the kernel filter has passed a drop (null: nothing remains).</summary>
    private readonly FilterExpression? _afterKernel;

    private DropFilter(string text, FilterExpression? expression, IReadOnlyCollection<string> fields, KernelFilter? kernel = null, FilterExpression? afterKernel = null)
    {
        Text = text;
        _expression = expression;
        Fields = fields;
        Kernel = kernel;
        _afterKernel = afterKernel;
    }

    /// <summary>Every drop matches.</summary>
    public static DropFilter All { get; } = new("", null, []);

    /// <summary>The names of the fields the expression tests (FilterFields' names), in order.</summary>
    public IReadOnlyCollection<string> Fields { get; }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The part the BPF program tests before recording a drop (<see cref="SplitForKernel"/>); null for none.</summary>
    public KernelFilter? Kernel { get; }

    internal FilterExpression? Expression => _expression;

    /// <exception cref="FilterSyntaxException">The expression is not valid; the exception says where and why.</exception>
    public static DropFilter Parse(string text, ReasonNames reasons)
    {
        FilterExpression expression = FilterParser.Parse(text, reasons, out IReadOnlyCollection<string> fields);
        return new(text, expression, fields);
    }

    /// <summary>This filter with the conditions of --netns and --iface added (&amp;&amp;); the text says them as filter fields.</summary>
    public DropFilter And(IReadOnlyList<(FilterExpression Test, string Text)> conditions)
    {
        if (conditions.Count == 0)
        {
            return this;
        }

        var operands = new List<FilterExpression>();
        var text = new List<string>();
        if (_expression is not null)
        {
            operands.AddRange(_expression is AndExpression and ? and.Operands : [_expression]);
            text.Add("(" + Text + ")");
        }

        foreach ((FilterExpression test, string written) in conditions)
        {
            operands.Add(test);
            text.Add(written);
        }

        return new DropFilter(string.Join(" && ", text), operands.Count == 1 ? operands[0] : new AndExpression(operands.ToArray()), Fields);
    }

    /// <summary>
    /// This filter with the part the kernel can test split off (<see cref="KernelFilterSplitter"/>): a drop
    /// the kernel filter passed is then tested only on the rest; any other drop on the whole filter.
    /// </summary>
    public DropFilter SplitForKernel(IReadOnlyList<(uint Number, string Name)> reasons)
    {
        (KernelFilter? kernel, FilterExpression? rest) = KernelFilterSplitter.Split(_expression, reasons);
        return kernel is null ? this : new DropFilter(Text, _expression, Fields, kernel, rest);
    }

    public bool Matches(in WatchedDrop drop)
    {
        if (Kernel is not null && drop.Event.PassedKernelFilter)
        {
            return _afterKernel is null || _afterKernel.Matches(drop);
        }

        return _expression is null || _expression.Matches(drop);
    }
}
