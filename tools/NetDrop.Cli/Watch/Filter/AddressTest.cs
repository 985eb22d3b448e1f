namespace NetDrop.Cli.Watch.Filter;

/// <summary>src or dst in any of some prefixes (== with a prefix is the same test; != is its negation when the address exists).</summary>
internal sealed class AddressTest(FilterField field, bool negated, AddressPrefix[] prefixes) : FilterExpression
{
    internal FilterField Field => @field;

    internal bool Negated => negated;

    internal AddressPrefix[] Prefixes => prefixes;

    public override bool Matches(in WatchedDrop drop)
    {
        if (!drop.Frame.HasAddresses)
        {
            return false;
        }

        foreach (AddressPrefix prefix in prefixes)
        {
            bool inside = field == FilterField.Src ? prefix.ContainsSource(drop.Frame) : prefix.ContainsDestination(drop.Frame);
            if (inside)
            {
                return !negated;
            }
        }

        return negated;
    }
}
