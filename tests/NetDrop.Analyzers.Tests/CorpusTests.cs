using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetDrop.Analyzers.Tests.Builds;
using NetDrop.Analyzers.Tests.Verifiers;
using NetDrop.Tests.Corpus;
using Xunit.Abstractions;

namespace NetDrop.Analyzers.Tests;

/// <summary>
/// Corpus/: misuse and correct code written the ways developers write it, each case marked with the
/// diagnostics it must raise (or none), compiled as one project against the NetDrop runtime and run
/// through every analyzer. Prints precision and recall per diagnostic; both must be 100%. The same
/// corpus is built against the packed package in NetDrop.Package.Tests.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Corpus");

    /// <summary>The corpus as one compilation against the runtime.</summary>
    internal static CSharpCompilation Compile(CorpusFile[] files) => CSharpCompilation.Create(
        "Corpus",
        files.Select(f => CSharpSyntaxTree.ParseText(f.Source, TestReferences.ParseOptions, path: f.Name)),
        TestReferences.WithRuntime,
        TestReferences.CompilationOptions);

    [Fact]
    public async Task Every_case_raises_exactly_its_marked_diagnostics()
    {
        CorpusFile[] files = CorpusFile.ReadAll(Directory);
        int cases = files.Sum(f => f.Cases);

        CSharpCompilation compilation = Compile(files);
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The corpus does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));

        ImmutableArray<Diagnostic> reported = await NetDropAnalyzers.AnalyzeAsync(compilation);
        CorpusScore score = CorpusScoring.Score(files, reported.Select(d => new ReportedDiagnostic(
            d.Id, d.Location.SourceTree?.FilePath ?? "", d.Location.SourceSpan.Start, d.Location.SourceSpan.End, d.GetMessage())).ToArray());

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
}
