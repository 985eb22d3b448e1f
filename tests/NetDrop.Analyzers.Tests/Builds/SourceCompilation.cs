using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetDrop.Analyzers.Tests.Builds;

/// <summary>
/// Sources without markup (the examples on the docs pages, code a generator is about to run over)
/// compiled against the framework and the runtime, as the verifiers compile marked-up test code.
/// </summary>
internal static class SourceCompilation
{
    public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
        "AnalyzerTest",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, TestReferences.ParseOptions, path: $"Test{i}.cs")),
        TestReferences.WithRuntime,
        TestReferences.CompilationOptions);

    /// <summary>Fails the test on a compiler error, so what is analyzed is real C#.</summary>
    public static CSharpCompilation CreateBuilding(string source)
    {
        CSharpCompilation compilation = Create(source);
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The code does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        return compilation;
    }
}
