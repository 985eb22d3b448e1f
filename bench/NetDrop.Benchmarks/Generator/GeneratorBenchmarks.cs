using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetDrop.Generators;

namespace NetDrop.Benchmarks.Generator;

/// <summary>
/// The spec generator on NetDrop's own specs, as the compiler runs it: a first run (every spec parsed
/// and emitted) and a re-run after a C# edit, which the incremental pipeline should answer from its cache.
/// Run: dotnet run -c Release --project bench/NetDrop.Benchmarks -- --filter '*GeneratorBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private ImmutableArray<AdditionalText> _specs;
    private SpecNamespaces _namespaces = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var specs = ImmutableArray.CreateBuilder<AdditionalText>();
        var namespaces = new Dictionary<string, string>();
        foreach ((string file, string ns) in new[]
        {
            ("net_dm.yaml", "NetDrop.NetDm"),
            ("af_packet.yaml", "NetDrop.Packet"),
            ("drop_reasons.yaml", "NetDrop"),
            ("kernel/nlctrl.yaml", "NetDrop.Netlink.Control"),
            ("kernel/netdev.yaml", "NetDrop.Netdev"),
            ("kernel/devlink.yaml", "NetDrop.Devlink"),
        })
        {
            string path = Path.Combine(AppContext.BaseDirectory, "specs", file);
            specs.Add(new SpecText(path, File.ReadAllText(path)));
            namespaces[path] = ns;
        }

        _specs = specs.ToImmutable();
        _namespaces = new SpecNamespaces(namespaces);
        _compilation = CSharpCompilation.Create(
            "Bench",
            new[] { CSharpSyntaxTree.ParseText("namespace App; public static class Program { public static int Answer => 42; }", ParseOptions) },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; internal static class More { }", ParseOptions));
        _warm = CreateDriver().RunGenerators(_compilation);
    }

    /// <summary>Every spec parsed and emitted, from a new driver.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FirstRun() => CreateDriver().RunGenerators(_compilation);

    /// <summary>A C# file added: nothing of the specs' should run again.</summary>
    [Benchmark]
    public GeneratorDriver RerunAfterCSharpEdit() => _warm.RunGenerators(_edited);

    private GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        new[] { new SpecGenerator().AsSourceGenerator() },
        _specs,
        ParseOptions,
        _namespaces);
}
