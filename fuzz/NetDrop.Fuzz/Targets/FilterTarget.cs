using System;
using System.Collections.Generic;
using System.Text;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// `netdrop watch --filter` expressions (UTF-8): <see cref="DropFilter.Parse"/> may only throw
/// <see cref="FilterSyntaxException"/>, with a column inside the expression that the error's caret can
/// point at; an expression that parses is matched against real drops without throwing.
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
            Invariants.That(exception.Describe("--filter", text).Length > 0, "an empty syntax error");
            return;
        }

        foreach (WatchedDrop drop in _drops)
        {
            filter.Matches(drop);
        }
    }
}
