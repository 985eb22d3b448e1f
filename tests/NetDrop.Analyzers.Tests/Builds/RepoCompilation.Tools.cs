using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetDrop.Analyzers.Tests.Builds;

// Kept apart from RepoCompilation.cs (tests/Shared/Analyzers), which the analyzer benchmark compiles without System.CommandLine.
internal static partial class RepoCompilation
{
    /// <summary>tools/NetDrop.Cli compiled against the runtime compilation, with the SDK's generators (LibraryImport) run.</summary>
    public static CSharpCompilation Tools(CSharpCompilation runtime)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "NetDrop.Cli",
            Sources(Path.Combine(Root, "tools", "NetDrop.Cli")).Concat(Sources(Path.Combine(Root, "tools", "Shared"))),
            TestReferences.Framework
                .Add(runtime.ToMetadataReference())
                .Add(MetadataReference.CreateFromFile(typeof(System.CommandLine.RootCommand).Assembly.Location))
                .Add(MetadataReference.CreateFromFile(typeof(Spectre.Console.AnsiConsole).Assembly.Location))
                .Add(MetadataReference.CreateFromFile(typeof(NetDrop.SpecSync.Specs.SpecSynchronizer).Assembly.Location))
                .AddRange(OpenTelemetryAssemblies()),
            Options().WithOutputKind(OutputKind.ConsoleApplication));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(SdkGenerators(), parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (CSharpCompilation)output;
    }

    // The SDK, its API, the OTLP exporter and the builder extensions they spread over; this test
    // references the same packages, so the assemblies sit beside it.
    private static IEnumerable<MetadataReference> OpenTelemetryAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "OpenTelemetry*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
}
