using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace NetDrop.Generators.Tests;

/// <summary>
/// <see cref="SpecGenerator"/> under Microsoft.CodeAnalysis.Testing's generator test, for what it checks
/// whole: the exact set of generated files and of diagnostics (the generator's and the compiler's errors).
/// It compiles as <see cref="GeneratorHarness"/> does, against the running framework and the NetDrop
/// runtime, with an empty ReferenceAssemblies so nothing is fetched from NuGet at test time. Snapshots
/// and the tracked-step checks stay on the harness: they compare one file or one step at a time.
/// </summary>
internal sealed class GeneratorVerifier : CSharpSourceGeneratorTest<SpecGenerator, DefaultVerifier>
{
    private static readonly ReferenceAssemblies NoPackages = new("net10.0");

    public GeneratorVerifier()
    {
        ReferenceAssemblies = NoPackages;
        TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        // The project's own code, which the test framework requires; the specs come as AdditionalFiles.
        TestState.Sources.Add(("/App/Program.cs", "namespace App;\n\ninternal static class Program\n{\n}\n"));
    }

    protected override CompilationOptions CreateCompilationOptions() => GeneratorHarness.CompilationOptions;

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;
}
