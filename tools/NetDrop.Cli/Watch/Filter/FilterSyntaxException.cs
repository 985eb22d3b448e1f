using System;
using System.Globalization;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>A filter expression that cannot be used: where (a 1-based column) and why.</summary>
internal sealed class FilterSyntaxException : FormatException
{
    public FilterSyntaxException(int column, string detail)
        : base(string.Create(CultureInfo.InvariantCulture, $"at column {column}: {detail}"))
    {
        Column = column;
        Detail = detail;
    }

    /// <summary>The column (from 1) of the character where the problem is; one past the end for a missing part.</summary>
    public int Column { get; }

    /// <summary>The problem without its position.</summary>
    public string Detail { get; }

    /// <summary>
    /// The error as the command prints it: "--filter: at column 18: …", then the expression and a caret
    /// under the column. An expression longer than a line is shown as the part around the column, cut
    /// with '…', so an error about a huge expression stays a few lines long.
    /// </summary>
    public string Describe(string option, string expression)
    {
        int at = Math.Clamp(Column - 1, 0, expression.Length);
        int start = 0;
        int end = expression.Length;
        if (expression.Length > ShownLength)
        {
            start = Math.Max(0, at - ShownLength / 2);
            end = Math.Min(expression.Length, start + ShownLength);
            start = Math.Max(0, end - ShownLength);
        }

        string before = start > 0 ? "…" : "";
        string after = end < expression.Length ? "…" : "";
        string shown = before + expression[start..end] + after;
        return $"{option}: {Message}{Environment.NewLine}  {shown}{Environment.NewLine}  {new string(' ', before.Length + at - start)}^";
    }

    /// <summary>How much of a long expression an error shows.</summary>
    private const int ShownLength = 100;
}
