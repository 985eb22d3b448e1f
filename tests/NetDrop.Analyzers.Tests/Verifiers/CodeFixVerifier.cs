using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace NetDrop.Analyzers.Tests.Verifiers;

/// <summary>
/// Applies one code fix the way an IDE does, with every NetDrop analyzer on: diagnostic by diagnostic
/// (<c>NumberOfIncrementalIterations</c>) and as fix-all in document, project and solution
/// (<c>NumberOfFixAllIterations</c>, <c>BatchFixedCode</c> where it differs), and checks the exact
/// output, that it compiles, and which diagnostics remain.
/// </summary>
internal static class CodeFixVerifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => AnalyzerVerifier.Diagnostic(id);

    internal sealed class Test : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test() => TestProject.Configure(this);

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => NetDropAnalyzers.All;

        protected override CompilationOptions CreateCompilationOptions() => TestProject.CompilationOptions(base.CreateCompilationOptions());

        protected override ParseOptions CreateParseOptions() => TestProject.ParseOptions(base.CreateParseOptions());
    }
}
