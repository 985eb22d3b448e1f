namespace NetDrop.Cli.Watch.Filter;

/// <summary>left || right; right is not evaluated when left is true.</summary>
internal sealed class OrExpression(FilterExpression left, FilterExpression right) : FilterExpression
{
    public override bool Matches(in WatchedDrop drop) => left.Matches(drop) || right.Matches(drop);
}
