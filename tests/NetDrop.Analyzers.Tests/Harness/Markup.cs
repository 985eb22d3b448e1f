using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace NetDrop.Analyzers.Tests.Harness;

/// <summary>A diagnostic a test expects: its ID and the span it must cover.</summary>
internal sealed record ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>
/// Test source with the expected diagnostics marked in it: <c>{|ND1001:switch (reason)|}</c> marks the
/// span of one ND1001, and <c>[|…|]</c> a diagnostic of the test's default ID. Marks may nest.
/// </summary>
internal static class Markup
{
    public static (string Source, List<ExpectedDiagnostic> Expected) Parse(string markup, string? defaultId = null)
    {
        var source = new StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(string Id, int Start)>();
        int i = 0;
        while (i < markup.Length)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((defaultId ?? throw new InvalidOperationException("[| |] needs a default diagnostic ID"), source.Length));
                i += 2;
            }
            else if (Starts(markup, i, "{|"))
            {
                int colon = markup.IndexOf(':', i + 2);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon + 1;
            }
            else if (Starts(markup, i, "|]") || Starts(markup, i, "|}"))
            {
                (string id, int start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
                i += 2;
            }
            else
            {
                source.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            throw new InvalidOperationException("Unclosed markup span");
        }

        return (source.ToString(), expected);
    }

    private static bool Starts(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
