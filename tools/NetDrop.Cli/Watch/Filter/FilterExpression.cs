namespace NetDrop.Cli.Watch.Filter;

/// <summary>A compiled part of a filter: a test on one field, or a combination of tests.</summary>
internal abstract class FilterExpression
{
    public abstract bool Matches(in WatchedDrop drop);
}
