namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// a &amp;&amp; b &amp;&amp; …, kept flat and tested in a loop: a chain costs no stack however long it is.
/// Stops at the first operand that is false.
/// </summary>
internal sealed class AndExpression(FilterExpression[] operands) : FilterExpression
{
    internal FilterExpression[] Operands => operands;

    public override bool Matches(in WatchedDrop drop)
    {
        foreach (FilterExpression operand in operands)
        {
            if (!operand.Matches(drop))
            {
                return false;
            }
        }

        return true;
    }
}
