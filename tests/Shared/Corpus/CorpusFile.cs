using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;

namespace NetDrop.Tests.Corpus;

/// <summary>A diagnostic a corpus case must raise, and the characters of the unmarked source it must overlap.</summary>
internal readonly record struct CorpusMark(string Id, int Start, int End)
{
    /// <summary>As Roslyn's TextSpan.OverlapsWith: the two share at least one character.</summary>
    public bool Overlaps(int start, int end) => Math.Max(Start, start) < Math.Min(End, end);
}

/// <summary>
/// One corpus file (tests/NetDrop.Analyzers.Tests/Corpus): its source without markup, the diagnostics
/// its markup expects (<c>{|ND1001:switch (reason)|}</c>, nestable) and how many cases it holds (each
/// begins with a <c>// case:</c> comment saying what it is). Read the same way by the corpus test on
/// the analyzers' project and by the one on the packed package, so both score the same marks.
/// </summary>
internal sealed record CorpusFile(string Name, string Source, ImmutableArray<CorpusMark> Expected, int Cases)
{
    public static CorpusFile Read(string path)
    {
        string markup = File.ReadAllText(path);
        (string source, ImmutableArray<CorpusMark> expected) = Parse(markup, Path.GetFileName(path));
        int cases = source.Split('\n').Count(line => line.TrimStart().StartsWith("// case:", StringComparison.Ordinal));
        return new CorpusFile(Path.GetFileName(path), source, expected, cases);
    }

    /// <summary>The corpus in a folder, in a fixed order.</summary>
    public static CorpusFile[] ReadAll(string directory) =>
        Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(Read).ToArray();

    /// <summary>1-based line of a position in the unmarked source.</summary>
    public int Line(int position) => Source.AsSpan(0, position).Count('\n') + 1;

    /// <summary>Position in the unmarked source of a 1-based line and column (as SARIF and compilers give them).</summary>
    public int Position(int line, int column)
    {
        int position = 0;
        for (int l = 1; l < line; l++)
        {
            int next = Source.IndexOf('\n', position);
            if (next < 0)
            {
                return Source.Length;
            }

            position = next + 1;
        }

        return Math.Min(Source.Length, position + column - 1);
    }

    private static (string Source, ImmutableArray<CorpusMark> Marks) Parse(string markup, string name)
    {
        var source = new StringBuilder(markup.Length);
        var open = new Stack<(string Id, int Start)>();
        var marks = ImmutableArray.CreateBuilder<CorpusMark>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new InvalidDataException($"{name}: '{{|' without an ID and ':'");
                }

                open.Push((markup[(i + 2)..colon], source.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                (string id, int start) = open.Pop();
                marks.Add(new CorpusMark(id, start, source.Length));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new InvalidDataException($"{name}: {open.Count} '{{|' left open");
        }

        return (source.ToString(), marks.ToImmutable());
    }
}
