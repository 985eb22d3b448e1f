using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using NetDrop.Analyzers.Analyzers;
using NetDrop.CodeFixes.CodeFixes;

namespace NetDrop.Analyzers.Tests.Verifiers;

/// <summary>Every NetDrop analyzer and code fix, as the package ships them.</summary>
internal static class NetDropAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> All { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new DropReasonSwitchAnalyzer(),
        new DropReasonChainAnalyzer(),
        new DropReasonNumberAnalyzer(),
        new ControlMessageAnalyzer(),
        new SocketOptionAnalyzer(),
        new NetlinkRequestRulesAnalyzer());

    public static ImmutableArray<CodeFixProvider> Fixes { get; } = ImmutableArray.Create<CodeFixProvider>(
        new AddMissingDropReasonCasesCodeFix(),
        new UseControlMessageSizeConstantCodeFix());

    /// <summary>The descriptor of an ID, as some analyzer declares it.</summary>
    public static DiagnosticDescriptor Descriptor(string id) =>
        All.SelectMany(a => a.SupportedDiagnostics).FirstOrDefault(d => d.Id == id)
            ?? throw new ArgumentException($"No NetDrop analyzer reports {id}", nameof(id));

    /// <summary>
    /// The ND diagnostics of a whole compilation, for what is not marked-up test code: NetDrop's own
    /// sources, the examples on the docs pages, a compilation a generator has run over.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
    {
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(All).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("ND", StringComparison.Ordinal)).ToImmutableArray();
    }
}
