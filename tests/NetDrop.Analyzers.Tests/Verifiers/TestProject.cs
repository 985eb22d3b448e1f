using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using NetDrop.Analyzers.Tests.Builds;

namespace NetDrop.Analyzers.Tests.Verifiers;

/// <summary>
/// What every verified test project compiles against and with: the running framework's assemblies and
/// the NetDrop runtime (whose generated metadata attributes the analyzers read), unsafe code, nullable on.
/// </summary>
internal static class TestProject
{
    // The frameworks' own reference sets are NuGet packages fetched into a cache at test time. An empty
    // set plus the assemblies of the framework the tests run on needs no network, and every machine
    // compiles the test code against exactly what the test process runs on.
    private static readonly ReferenceAssemblies NoPackages = new("net10.0");

    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoPackages;
        test.TestState.AdditionalReferences.AddRange(TestReferences.WithRuntime);
    }

    public static CompilationOptions CompilationOptions(CompilationOptions frameworkDefaults) =>
        ((CSharpCompilationOptions)frameworkDefaults)
            .WithAllowUnsafe(true)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(frameworkDefaults.SpecificDiagnosticOptions.SetItems(TestReferences.CompilationOptions.SpecificDiagnosticOptions));

    public static ParseOptions ParseOptions(ParseOptions frameworkDefaults) =>
        ((CSharpParseOptions)frameworkDefaults).WithLanguageVersion(LanguageVersion.Latest);
}
