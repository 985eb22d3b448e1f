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
    /// under the column.
    /// </summary>
    public string Describe(string option, string expression) =>
        $"{option}: {Message}{Environment.NewLine}  {expression}{Environment.NewLine}  {new string(' ', Column - 1)}^";
}
