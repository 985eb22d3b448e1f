using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using NetDrop.Analyzers.Analyzers;
using NetDrop.CodeFixes.CodeFixes;

namespace NetDrop.Analyzers.Tests.Harness;

/// <summary>Every NetDrop analyzer and code fix, as the package ships them.</summary>
internal static class NetDropAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> All { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new DropReasonSwitchAnalyzer(),
        new DropReasonChainAnalyzer(),
        new DropReasonNumberAnalyzer(),
        new ControlMessageAnalyzer(),
        new SocketOptionAnalyzer(),
        new NetDmRequestAnalyzer());

    public static ImmutableArray<CodeFixProvider> Fixes { get; } = ImmutableArray.Create<CodeFixProvider>(
        new AddMissingDropReasonCasesCodeFix(),
        new UseControlMessageSizeConstantCodeFix());
}
