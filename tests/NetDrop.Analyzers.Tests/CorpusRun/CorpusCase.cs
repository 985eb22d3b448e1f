using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace NetDrop.Analyzers.Tests.CorpusRun;

/// <summary>
/// One corpus file: its source without markup, the diagnostics its markup expects
/// (<c>{|ND1001:switch (reason)|}</c>, read by the testing framework's own markup parser) and how many
/// cases it holds (each begins with a <c>// case:</c> comment saying what it is).
/// </summary>
internal sealed record CorpusFile(string Name, string Source, ImmutableArray<(string Id, TextSpan Span)> Expected, int Cases)
{
    public static CorpusFile Read(string path)
    {
        string markup = File.ReadAllText(path);
        TestFileMarkupParser.GetSpans(markup, out string source, out ImmutableDictionary<string, ImmutableArray<TextSpan>> spans);
        ImmutableArray<(string, TextSpan)> expected = spans
            .SelectMany(pair => pair.Value.Select(span => (pair.Key, span)))
            .ToImmutableArray();
        int cases = source.Split('\n').Count(line => line.TrimStart().StartsWith("// case:", System.StringComparison.Ordinal));
        return new CorpusFile(Path.GetFileName(path), source, expected, cases);
    }
}
