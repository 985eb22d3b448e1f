namespace NetDrop.Cli.Watch.Filter;

/// <summary>left &amp;&amp; right; right is not evaluated when left is false.</summary>
internal sealed class AndExpression(FilterExpression left, FilterExpression right) : FilterExpression
{
    public override bool Matches(in WatchedDrop drop) => left.Matches(drop) && right.Matches(drop);
}
