using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NetDrop.Analyzers.Descriptors;
using NetDrop.Analyzers.Metadata;
using NetDrop.Analyzers.Operations;
using NetDrop.Analyzers.Rules;

namespace NetDrop.Analyzers.Analyzers;

/// <summary>
/// ND1012: a NET_DM CONFIG request made after a START on the same client within one method, with no
/// STOP between. ND1013: a START that names neither software nor hardware drops. Requests are found
/// through [NetlinkRequest] (the generated builders carry it, and so can a client), so they are known by
/// family and operation, not by C# name. The client is the instance a method is called on; static
/// builders in one method count as one client, since the method sends what it builds.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetDmRequestAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NetDmConfigAfterStart, DiagnosticDescriptors.NetDmStartWithoutDropKind);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var data = CompilationData.For(start.Compilation);
            if (data.Symbols.NetlinkRequest is null)
            {
                return;
            }

            NetDropSymbols symbols = data.Symbols;

            // Only calls to a method of a request-making name are bound.
            start.RegisterSyntaxNodeAction(c =>
            {
                if (!data.Names.NetDmCalls.Contains(SyntaxNames.Invoked((InvocationExpressionSyntax)c.Node) ?? string.Empty)
                    || c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is not IInvocationOperation invocation
                    || NetlinkRequestInfo.TryCreate(invocation.TargetMethod, symbols) is not { Family: KernelRules.NetDmFamily } info)
                {
                    return;
                }

                if (info.Operation == KernelRules.NetDmStart)
                {
                    CheckDropKinds(c.ReportDiagnostic, invocation, info, symbols);
                }
                else if (KernelRules.RejectedWhileMonitoring(info.Family, info.Operation))
                {
                    CheckNotMonitoring(c.ReportDiagnostic, invocation, info, symbols, c.CancellationToken);
                }
            }, SyntaxKind.InvocationExpression);
        });
    }

    private static void CheckDropKinds(Action<Diagnostic> report, IInvocationOperation invocation, NetlinkRequestInfo info, NetDropSymbols symbols)
    {
        IParameterSymbol? sw = NetlinkRequestInfo.AttributeParameter(invocation.TargetMethod, KernelRules.NetDmSwDrops, symbols);
        IParameterSymbol? hw = NetlinkRequestInfo.AttributeParameter(invocation.TargetMethod, KernelRules.NetDmHwDrops, symbols);

        // Only where the method offers both choices: a Begin builder leaves attributes to the caller.
        if (sw is null || hw is null || MaySet(invocation, sw) || MaySet(invocation, hw))
        {
            return;
        }

        report(Diagnostic.Create(
            DiagnosticDescriptors.NetDmStartWithoutDropKind,
            invocation.Syntax.GetLocation(),
            info.Family,
            info.Operation.ToUpperInvariant(),
            KernelRules.NetDmSwDrops,
            KernelRules.NetDmHwDrops,
            sw.Name,
            hw.Name));
    }

    /// <summary>False only when the argument is left out or is the constant false (or null): then the flag is surely not sent.</summary>
    private static bool MaySet(IInvocationOperation invocation, IParameterSymbol parameter)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is null || !SymbolEqualityComparer.Default.Equals(argument.Parameter.OriginalDefinition, parameter))
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return false;
            }

            IOperation value = argument.Value.WithoutConversions();
            return !(value.ConstantValue is { HasValue: true, Value: false or null });
        }

        return false;
    }

    /// <summary>
    /// Looks through the method for a START on the same client that can run before this CONFIG with
    /// no STOP between them, on the method's control-flow graph (built only when the method has a
    /// START on the client). Done from the CONFIG call, so methods without one cost nothing.
    /// </summary>
    private static void CheckNotMonitoring(Action<Diagnostic> report, IInvocationOperation config, NetlinkRequestInfo info, NetDropSymbols symbols, CancellationToken cancellationToken)
    {
        VariableIdentity? client = Client(config);
        if (client is { IsKnown: false })
        {
            return;
        }

        IOperation root = config;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var starts = new List<IInvocationOperation>();
        var stops = new List<IOperation>();
        foreach (IOperation operation in root.Descendants())
        {
            if (operation is not IInvocationOperation invocation || invocation.Syntax == config.Syntax
                || NetlinkRequestInfo.TryCreate(invocation.TargetMethod, symbols) is not { } other
                || other.Family != info.Family || !SameClient(client, Client(invocation)))
            {
                continue;
            }

            if (other.Operation == KernelRules.NetDmStart)
            {
                starts.Add(invocation);
            }
            else if (other.Operation == KernelRules.NetDmStop)
            {
                stops.Add(invocation);
            }
        }

        foreach (IInvocationOperation start in starts)
        {
            if (RunOrder.CanPrecede(start, config, stops, cancellationToken))
            {
                report(Diagnostic.Create(
                    DiagnosticDescriptors.NetDmConfigAfterStart,
                    config.Syntax.GetLocation(),
                    info.Family,
                    info.Operation.ToUpperInvariant(),
                    KernelRules.NetDmStart.ToUpperInvariant()));
                return;
            }
        }
    }

    private static VariableIdentity? Client(IInvocationOperation invocation) =>
        invocation.TargetMethod.IsStatic ? null : invocation.Instance.Identity() ?? VariableIdentity.Unknown;

    private static bool SameClient(VariableIdentity? a, VariableIdentity? b) => a is null ? b is null : a.Equals(b);
}
