using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetDrop.Analyzers.Tests.Builds;
using NetDrop.Analyzers.Tests.CorpusRun;
using NetDrop.Analyzers.Tests.Verifiers;
using Xunit.Abstractions;

namespace NetDrop.Analyzers.Tests;

/// <summary>
/// Corpus/: misuse and correct code written the ways developers write it, each case marked with the
/// diagnostics it must raise (or none), compiled as one project against the NetDrop runtime and run
/// through every analyzer. Prints precision and recall per diagnostic; both must be 100%.
/// </summary>
/// <remarks>
/// A reported diagnostic matches a mark of its ID whose span it overlaps (where exactly an analyzer
/// puts its squiggle is the unit tests' business). ND1002 lists the reasons a default arm takes on
/// every default arm: it is information, not a finding, and is left out of the score.
/// </remarks>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private static readonly string[] Unscored = ["ND1002"];

    [Fact]
    public async Task Every_case_raises_exactly_its_marked_diagnostics()
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "Corpus");
        CorpusFile[] files = Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(CorpusFile.Read).ToArray();
        int cases = files.Sum(f => f.Cases);

        CSharpCompilation compilation = CSharpCompilation.Create(
            "Corpus",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, TestReferences.ParseOptions, path: f.Name)),
            TestReferences.WithRuntime,
            TestReferences.CompilationOptions);
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The corpus does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));

        ImmutableArray<Diagnostic> reported = (await NetDropAnalyzers.AnalyzeAsync(compilation))
            .Where(d => !Unscored.Contains(d.Id))
            .ToImmutableArray();
        CorpusScore score = Score(files, reported);

        output.WriteLine($"{cases} cases in {files.Length} files, {files.Sum(f => f.Expected.Length)} marked diagnostics");
        output.WriteLine(score.Table());
        foreach (string miss in score.Misses)
        {
            output.WriteLine(miss);
        }

        (_, int fp, int fn) = score.Total;
        Assert.True(cases >= 150, $"The corpus holds {cases} cases; it is meant to hold at least 150");
        Assert.True(fp == 0 && fn == 0, score.Table() + string.Join("\n", score.Misses));
    }

    private static CorpusScore Score(CorpusFile[] files, ImmutableArray<Diagnostic> reported)
    {
        var score = new CorpusScore();
        foreach (CorpusFile file in files)
        {
            Diagnostic[] here = reported.Where(d => d.Location.SourceTree?.FilePath == file.Name).ToArray();
            bool[] used = new bool[here.Length];
            foreach ((string id, Microsoft.CodeAnalysis.Text.TextSpan span) in file.Expected)
            {
                int match = Array.FindIndex(here, d => d.Id == id && d.Location.SourceSpan.OverlapsWith(span));
                if (match >= 0 && !used[match])
                {
                    used[match] = true;
                    score.Hit(id);
                }
                else
                {
                    score.FalseNegative(id, $"{id} {file.Name}:{Line(file.Source, span.Start)}");
                }
            }

            for (int i = 0; i < here.Length; i++)
            {
                if (!used[i])
                {
                    score.FalsePositive(here[i].Id, $"{here[i].Id} {file.Name}:{here[i].Location.GetLineSpan().StartLinePosition.Line + 1}: {here[i].GetMessage()}");
                }
            }
        }

        return score;
    }

    private static int Line(string source, int position) => source.Take(position).Count(c => c == '\n') + 1;
}
