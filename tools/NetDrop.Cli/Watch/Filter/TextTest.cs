using System;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// A text field compared with a name (==, !=, in), or searched for one (contains, ignoring case).
/// Reasons and sources compare ignoring case; symbols and interface names exactly.
/// </summary>
internal sealed class TextTest(FilterField field, FilterTokenKind comparison, string[] values) : FilterExpression
{
    private readonly StringComparison _equality = field is FilterField.Reason or FilterField.Source ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    internal FilterField Field => @field;

    internal FilterTokenKind Comparison => comparison;

    internal string[] Values => values;

    public override bool Matches(in WatchedDrop drop)
    {
        if (!FieldValues.TryGetText(field, drop, out ReadOnlySpan<char> actual))
        {
            return false;
        }

        switch (comparison)
        {
            case FilterTokenKind.Equal:
                return actual.Equals(values[0], _equality);
            case FilterTokenKind.NotEqual:
                return !actual.Equals(values[0], _equality);
            case FilterTokenKind.Contains:
                return actual.Contains(values[0], StringComparison.OrdinalIgnoreCase);
            default:
                foreach (string member in values)
                {
                    if (actual.Equals(member, _equality))
                    {
                        return true;
                    }
                }

                return false;
        }
    }
}
