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

namespace NetDrop.Analyzers.Analyzers;

/// <summary>
/// ND1012: a request the kernel refuses in a state (NET_DM CONFIG while monitoring) made after a request
/// that enters it (START) on the same client within one method, with no request that leaves it (STOP)
/// between. ND1013: a request that names none of the attributes it should name one of (a START with
/// neither sw-drops nor hw-drops). Requests are found through [NetlinkRequest] (the generated builders
/// carry it, and so can a client), so they are known by family and operation, not by C# name; which
/// rules hold comes from the spec (<c>enters-state</c>, <c>leaves-state</c>, <c>rejected-in-state</c>,
/// <c>names-one-of</c>), so a new spec entry needs no change here. The client is the instance a method
/// is called on; static builders in one method count as one client, since the method sends what it builds.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetlinkRequestRulesAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.RequestInRejectedState, DiagnosticDescriptors.RequestNamesNoneOf);

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
                    || NetlinkRequestInfo.TryCreate(invocation.TargetMethod, symbols, data.Names.RequestRules) is not { HasRules: true } info)
                {
                    return;
                }

                if (info.NamesOneOf.Length >= 2)
                {
                    CheckNamesOneOf(c.ReportDiagnostic, invocation, info, symbols);
                }

                if (info.RejectedInState is not null)
                {
                    CheckNotInState(c.ReportDiagnostic, invocation, info, symbols, data.Names.RequestRules, c.CancellationToken);
                }
            }, SyntaxKind.InvocationExpression);
        });
    }

    /// <summary>ND1013: a call that leaves out (or passes false for) every attribute of the request's <c>names-one-of</c>.</summary>
    private static void CheckNamesOneOf(Action<Diagnostic> report, IInvocationOperation invocation, NetlinkRequestInfo info, NetDropSymbols symbols)
    {
        var parameters = new List<IParameterSymbol>();
        foreach (string attribute in info.NamesOneOf)
        {
            // Only where the method offers every choice: a Begin builder leaves attributes to the caller.
            if (NetlinkRequestInfo.AttributeParameter(invocation.TargetMethod, attribute, symbols) is not { } parameter || MaySet(invocation, parameter))
            {
                return;
            }

            parameters.Add(parameter);
        }

        report(Diagnostic.Create(
            DiagnosticDescriptors.RequestNamesNoneOf,
            invocation.Syntax.GetLocation(),
            info.Family,
            info.Operation.ToUpperInvariant(),
            None((IReadOnlyList<string>)info.NamesOneOf),
            Choices(parameters.ConvertAll(p => p.Name + ": true"), " or ")));
    }

    /// <summary>"a", "neither a nor b", "none of a, b or c".</summary>
    private static string None(IReadOnlyList<string> items) => items.Count switch
    {
        1 => "no " + items[0],
        2 => "neither " + items[0] + " nor " + items[1],
        _ => "none of " + Choices(items, " or "),
    };

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string Choices(IReadOnlyList<string> items, string lastSeparator)
    {
        if (items.Count == 1)
        {
            return items[0];
        }

        var head = new List<string>(items.Count - 1);
        for (int i = 0; i < items.Count - 1; i++)
        {
            head.Add(items[i]);
        }

        return string.Join(", ", head) + lastSeparator + items[items.Count - 1];
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
    /// Looks through the method for a request on the same client that enters the state this one is
    /// refused in and can run before it with no request between that leaves the state, on the method's
    /// control-flow graph (built only when the method has such a request on the client). Done from the
    /// refused request, so methods without one cost nothing.
    /// </summary>
    private static void CheckNotInState(Action<Diagnostic> report, IInvocationOperation refused, NetlinkRequestInfo info, NetDropSymbols symbols, IReadOnlyDictionary<(string, string), NetlinkRequestInfo> rules, CancellationToken cancellationToken)
    {
        VariableIdentity? client = Client(refused);
        if (client is { IsKnown: false })
        {
            return;
        }

        IOperation root = refused;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var enters = new List<(IInvocationOperation Call, string Operation)>();
        var leaves = new List<IOperation>();
        foreach (IOperation operation in root.Descendants())
        {
            if (operation is not IInvocationOperation invocation || invocation.Syntax == refused.Syntax
                || NetlinkRequestInfo.TryCreate(invocation.TargetMethod, symbols, rules) is not { } other
                || other.Family != info.Family || !SameClient(client, Client(invocation)))
            {
                continue;
            }

            if (other.EntersState == info.RejectedInState)
            {
                enters.Add((invocation, other.Operation));
            }
            else if (other.LeavesState == info.RejectedInState)
            {
                leaves.Add(invocation);
            }
        }

        foreach ((IInvocationOperation enter, string operation) in enters)
        {
            if (RunOrder.CanPrecede(enter, refused, leaves, cancellationToken))
            {
                report(Diagnostic.Create(
                    DiagnosticDescriptors.RequestInRejectedState,
                    refused.Syntax.GetLocation(),
                    info.Family,
                    info.Operation.ToUpperInvariant(),
                    operation.ToUpperInvariant(),
                    info.RejectedInState));
                return;
            }
        }
    }

    private static VariableIdentity? Client(IInvocationOperation invocation) =>
        invocation.TargetMethod.IsStatic ? null : invocation.Instance.Identity() ?? VariableIdentity.Unknown;

    private static bool SameClient(VariableIdentity? a, VariableIdentity? b) => a is null ? b is null : a.Equals(b);
}
