namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// a || b || …, kept flat and tested in a loop: a chain costs no stack however long it is.
/// Stops at the first operand that is true.
/// </summary>
internal sealed class OrExpression(FilterExpression[] operands) : FilterExpression
{
    internal FilterExpression[] Operands => operands;

    public override bool Matches(in WatchedDrop drop)
    {
        foreach (FilterExpression operand in operands)
        {
            if (operand.Matches(drop))
            {
                return true;
            }
        }

        return false;
    }
}
