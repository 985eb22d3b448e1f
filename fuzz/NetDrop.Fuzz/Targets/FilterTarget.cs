using System;
using System.Collections.Generic;
using System.Text;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// `netdrop watch --filter` expressions (UTF-8): <see cref="DropFilter.Parse"/> may only throw
/// <see cref="FilterSyntaxException"/>, with a column inside the expression that the error's caret can
/// point at, and an error of a few lines however long the expression; an expression that parses is within
/// <see cref="FilterLimits"/> and is matched against real drops without throwing.
/// </summary>
internal sealed class FilterTarget : FuzzTarget
{
    private readonly List<WatchedDrop> _drops = new();

    // Made on the first input: instrumented code must not run before SharpFuzz has set up its coverage map.
    private ReasonNames? _reasons;

    public override string Name => "filter";

    public override string Description => "--filter expressions (FilterLexer, FilterParser), matched against real drops";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (_reasons is null)
        {
            _reasons = new ReasonNames(["FUTURE_REASON"]);
            foreach (DropEvent drop in SampleDrops.All)
            {
                _drops.Add(new WatchedDrop(drop));
            }
        }

        string text = Encoding.UTF8.GetString(input);
        DropFilter filter;
        try
        {
            filter = DropFilter.Parse(text, _reasons);
        }
        catch (FilterSyntaxException exception)
        {
            Invariants.Column(exception.Column, text, "the syntax error's");
            int described = exception.Describe("--filter", text).Length;
            Invariants.That(described > 0, "an empty syntax error");
            Invariants.That(text.Length <= 100 || described < exception.Message.Length + 2 * 110 + 20, $"a {described}-character error for a {text.Length}-character expression");
            return;
        }

        Invariants.That(text.Length <= FilterLimits.MaxLength, $"a {text.Length}-character expression parsed");

        foreach (WatchedDrop drop in _drops)
        {
            filter.Matches(drop);
        }
    }
}
