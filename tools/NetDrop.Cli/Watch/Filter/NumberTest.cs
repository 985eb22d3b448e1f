namespace NetDrop.Cli.Watch.Filter;

/// <summary>A number field compared with a value, or with each value of a set (in).</summary>
internal sealed class NumberTest(FilterField field, FilterTokenKind comparison, long[] values) : FilterExpression
{
    internal FilterField Field => @field;

    internal FilterTokenKind Comparison => comparison;

    internal long[] Values => values;

    public override bool Matches(in WatchedDrop drop)
    {
        if (!FieldValues.TryGetNumber(field, drop, out long actual))
        {
            return false;
        }

        long value = values[0];
        switch (comparison)
        {
            case FilterTokenKind.Equal:
                return actual == value;
            case FilterTokenKind.NotEqual:
                return actual != value;
            case FilterTokenKind.Less:
                return actual < value;
            case FilterTokenKind.LessOrEqual:
                return actual <= value;
            case FilterTokenKind.Greater:
                return actual > value;
            case FilterTokenKind.GreaterOrEqual:
                return actual >= value;
            default:
                foreach (long member in values)
                {
                    if (actual == member)
                    {
                        return true;
                    }
                }

                return false;
        }
    }
}
