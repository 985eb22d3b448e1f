using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace NetDrop.Analyzers.Tests.Verifiers;

/// <summary>
/// Runs every NetDrop analyzer over marked-up test code and compares all diagnostics with the marks,
/// span for span: <c>{|ND1001:switch (reason)|}</c> marks one ND1001, <c>{|#0:…|}</c> a location an
/// expected <see cref="DiagnosticResult"/> refers to (for its message). All analyzers run in every test,
/// so each test also shows that the others stay silent; a compiler error fails the test, so every test
/// is real C#.
/// </summary>
internal static class AnalyzerVerifier
{
    public static DiagnosticResult Diagnostic(string id) => new(NetDropAnalyzers.Descriptor(id));

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    internal sealed class Test : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
    {
        public Test() => TestProject.Configure(this);

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => NetDropAnalyzers.All;

        protected override CompilationOptions CreateCompilationOptions() => TestProject.CompilationOptions(base.CreateCompilationOptions());

        protected override ParseOptions CreateParseOptions() => TestProject.ParseOptions(base.CreateParseOptions());
    }
}
