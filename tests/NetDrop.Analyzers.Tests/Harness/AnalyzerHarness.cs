using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetDrop.Analyzers.Tests.Harness;

/// <summary>
/// Runs every NetDrop analyzer over marked-up test code compiled against the real runtime and compares
/// the ND diagnostics with the marks, span for span. All analyzers run in every test, so each test also
/// shows that the others stay silent.
/// </summary>
internal static class AnalyzerHarness
{
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, string? defaultId = null)
    {
        (string source, List<ExpectedDiagnostic> expected) = Markup.Parse(markup, defaultId);
        ImmutableArray<Diagnostic> actual = await AnalyzeAsync(source);
        string[] want = expected.Select(e => Describe(e.Id, e.Span, source)).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        string[] got = actual.Select(d => Describe(d.Id, d.Location.SourceSpan, source)).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.True(
            want.SequenceEqual(got),
            $"Expected:\n  {string.Join("\n  ", want)}\nActual:\n  {string.Join("\n  ", actual.Select(d => Describe(d.Id, d.Location.SourceSpan, source) + " — " + d.GetMessage()))}");
        return actual.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>The ND diagnostics of one source file; fails on a compiler error, so every test is real C#.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        CSharpCompilation compilation = Compile(source);
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The test code does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        return await Analyze(compilation);
    }

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "AnalyzerTest",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, TestReferences.ParseOptions, path: $"Test{i}.cs")),
        TestReferences.WithRuntime,
        TestReferences.CompilationOptions);

    public static async Task<ImmutableArray<Diagnostic>> Analyze(Compilation compilation)
    {
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(NetDropAnalyzers.All).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("ND", StringComparison.Ordinal)).ToImmutableArray();
    }

    private static string Describe(string id, Microsoft.CodeAnalysis.Text.TextSpan span, string source) =>
        $"{id} at {span.Start}..{span.End} '{source.Substring(span.Start, span.Length)}'";
}
