using System;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>One word or symbol of a filter, where it is, and its value for numbers and addresses.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">As written (a string's text without its quotes and escapes).</param>
/// <param name="Column">Where it starts, from 1.</param>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Column)
{
    /// <summary>A number's value.</summary>
    public ulong Number { get; init; }

    /// <summary>An address or prefix.</summary>
    public AddressPrefix Address { get; init; }

    /// <summary>How an error message names it: 'dport', or "end of expression".</summary>
    public string Describe() => Kind switch
    {
        FilterTokenKind.End => "end of expression",
        FilterTokenKind.String => "\"" + Text + "\"",
        _ => "'" + Text + "'",
    };

    /// <summary>Whether it can be a value (after an operator, in a set).</summary>
    public bool IsValue => Kind is FilterTokenKind.Identifier or FilterTokenKind.Number or FilterTokenKind.String or FilterTokenKind.Address;

    public bool IsComparison => Kind is FilterTokenKind.Equal or FilterTokenKind.NotEqual or FilterTokenKind.Less
        or FilterTokenKind.LessOrEqual or FilterTokenKind.Greater or FilterTokenKind.GreaterOrEqual;
}
