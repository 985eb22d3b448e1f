using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NetDrop.Analyzers.Analyzers;
using NetDrop.Analyzers.Tests.Builds;

namespace NetDrop.Analyzers.Benchmarks;

/// <summary>
/// What the NetDrop analyzers add to compiling the project's own runtime (its sources plus the
/// generated code): the baseline binds every method and reports the compiler's diagnostics; the other
/// does the same with all NetDrop analyzers on. The Ratio column is the cost, measured in one run.
/// </summary>
/// <remarks>
/// Each invocation starts from a fresh compilation over the same parsed trees, so binding is not
/// cached between them; both run on one thread, so the ratio is work, not how well two cores hide it.
/// </remarks>
[Config(typeof(OverheadConfig))]
public class AnalyzerOverheadBenchmarks
{
    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<MetadataReference> _references;
    private CSharpCompilationOptions _options = null!;

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new DropReasonSwitchAnalyzer(),
        new DropReasonChainAnalyzer(),
        new DropReasonNumberAnalyzer(),
        new ControlMessageAnalyzer(),
        new SocketOptionAnalyzer(),
        new NetlinkRequestRulesAnalyzer());

    [GlobalSetup]
    public void Setup()
    {
        CSharpCompilation runtime = RepoCompilation.Runtime();
        _trees = runtime.SyntaxTrees.ToImmutableArray();
        _references = runtime.References.ToImmutableArray();
        _options = runtime.Options.WithConcurrentBuild(false);
    }

    [Benchmark(Baseline = true, Description = "runtime, no analyzers")]
    public int WithoutAnalyzers() => Fresh().GetDiagnostics().Length;

    [Benchmark(Description = "runtime, all NetDrop analyzers")]
    public int WithNetDropAnalyzers()
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        return Fresh().WithAnalyzers(Analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
    }

    public CSharpCompilation Fresh() => CSharpCompilation.Create("NetDrop", _trees, _references, _options);

    public static ImmutableArray<DiagnosticAnalyzer> All => Analyzers;

    /// <summary>
    /// One in-process job: a compilation takes about a second, so a few iterations of one invocation
    /// each, with a GC between them, are enough and keep the run to a couple of minutes.
    /// </summary>
    private sealed class OverheadConfig : ManualConfig
    {
        public OverheadConfig() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(20));
    }
}
