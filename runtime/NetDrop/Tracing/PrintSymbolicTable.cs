using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.Tracing;

/// <summary>
/// The number → name table of a __print_symbolic(REC->field, { 2, "NOT_SPECIFIED" }, …) in an event's
/// print format: the running kernel's own numbering of, for example, drop reasons.
/// </summary>
public static class PrintSymbolicTable
{
    /// <summary>The table for <paramref name="field"/>, or an empty one when the format prints it otherwise.</summary>
    public static IReadOnlyDictionary<long, string> Parse(string printFormat, string field)
    {
        var table = new Dictionary<long, string>();
        string marker = "__print_symbolic(REC->" + field;
        int start = printFormat.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return table;
        }

        int position = start + marker.Length;
        while (true)
        {
            int open = printFormat.IndexOf('{', position);
            int close = open < 0 ? -1 : printFormat.IndexOf('}', open);
            int end = printFormat.IndexOf(')', position);

            // The table ends at the closing parenthesis of __print_symbolic, before the next call's braces.
            if (open < 0 || close < 0 || (end >= 0 && end < open))
            {
                return table;
            }

            string entry = printFormat.Substring(open + 1, close - open - 1);
            int comma = entry.IndexOf(',');
            if (comma > 0 && TryParseNumber(entry.Substring(0, comma).Trim(), out long number))
            {
                table[number] = entry.Substring(comma + 1).Trim().Trim('"');
            }

            position = close + 1;
        }
    }

    private static bool TryParseNumber(string text, out long value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
