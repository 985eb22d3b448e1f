using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Runs <see cref="SpecGenerator"/> the way the compiler does: spec texts as AdditionalFiles, their
/// NetDropNamespace as build metadata, output compiled against the NetDrop runtime.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The language the runtime project builds with, with doc comments checked (a bad cref or malformed XML is a warning).</summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithDocumentationMode(DocumentationMode.Diagnose);

    // Like the SDK: nullable on, every warning wave, and the assembly-unification notes it silences.
    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    // Reading ~200 assemblies' metadata once rather than per test keeps the suite fast.
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static GeneratorRun Run(params SpecInput[] specs) => Run(specs, Array.Empty<string>());

    public static GeneratorRun Run(IEnumerable<SpecInput> specs, params string[] csharpSources)
    {
        GeneratorDriver driver = CreateDriver(specs);
        return Run(driver, CreateCompilation(csharpSources));
    }

    /// <summary>Runs (or re-runs) a driver on a compilation and collects what it produced.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (GeneratedSourceResult source in result.GeneratedSources)
        {
            sources.Add(source.HintName, source.SourceText.ToString());
        }

        ImmutableArray<Diagnostic> compilationDiagnostics = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToImmutableArray();
        return new GeneratorRun(sources, generatorDiagnostics, compilationDiagnostics, result.Exception, driver, output);
    }

    public static GeneratorDriver CreateDriver(IEnumerable<SpecInput> specs)
    {
        SpecInput[] list = specs.ToArray();
        var namespaces = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (SpecInput spec in list)
        {
            namespaces[spec.Path] = spec.Namespace;
        }

        return CreateDriver(list.Select(spec => (AdditionalText)new InMemoryAdditionalText(spec.Path, spec.Text)), namespaces);
    }

    /// <summary>A driver over given texts, for tests that later swap one with ReplaceAdditionalText.</summary>
    /// <param name="namespaces">NetDropNamespace by path; it stays with the path when a text is replaced.</param>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, IReadOnlyDictionary<string, string?> namespaces) =>
        CSharpGeneratorDriver.Create(
            new[] { new SpecGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            new TestAnalyzerConfigOptionsProvider(namespaces),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation CreateCompilation(params string[] sources) => CSharpCompilation.Create(
        "NetDrop.Generated.Test",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
        References,
        CompilationOptions);

    public static SyntaxTree ParseCSharp(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: path);

    /// <summary>The running test's platform assemblies plus the NetDrop runtime, each once.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        foreach (string path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            paths.Add(Path.GetFullPath(path));
        }

        paths.Add(Path.GetFullPath(typeof(NetDrop.Netlink.NetlinkWriter).Assembly.Location));
        return paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    }
}
