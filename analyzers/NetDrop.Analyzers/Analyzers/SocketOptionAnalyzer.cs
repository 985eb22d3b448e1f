using System;
using System.Collections.Concurrent;
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
/// Socket option calls against the spec's [SocketOption] metadata. ND1007: a value whose type or size
/// the spec does not give for the option (on a socket whose PACKET_VERSION the method set, the version's
/// type). ND1008: setting an option that cannot be set, or reading one that cannot be read. ND1009: an
/// option the kernel refuses once a ring exists, set after PACKET_RX_RING/PACKET_TX_RING on the same
/// socket in the same method.
/// </summary>
/// <remarks>
/// What a value is comes from the code (<c>&amp;x</c>, spans over <c>x</c>, <c>sizeof</c>, constants);
/// when the code does not say, nothing is reported. Earlier calls are looked up only from a call that
/// needs them (a versioned option, or one that must precede the ring), so most methods cost nothing.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketOptionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SocketOptionValue, DiagnosticDescriptors.SocketOptionDirection, DiagnosticDescriptors.RingOptionAfterRing);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var data = CompilationData.For(start.Compilation);
            if (data.Symbols.SocketOption is null)
            {
                return;
            }

            NetDropSymbols symbols = data.Symbols;
            Func<SocketSpecIndex> index = () => data.Sockets;

            // Only calls to a method of a known name (setsockopt, a marked wrapper) are bound.
            // A helper of the same file that calls one of those is bound as well (one level of calls).
            var helpers = new ConcurrentDictionary<SyntaxTree, HashSet<string>>();
            start.RegisterSyntaxNodeAction(c =>
            {
                string invoked = SyntaxNames.Invoked((InvocationExpressionSyntax)c.Node) ?? string.Empty;
                if (data.Names.SocketCalls.Contains(invoked)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IInvocationOperation invocation
                    && SocketOptionCall.TryCreate(invocation, symbols) is { } call)
                {
                    Analyze(c.ReportDiagnostic, call, symbols, index, c.CancellationToken);
                }
                else if (helpers.GetOrAdd(c.Node.SyntaxTree, t => Helpers(t, data)).Contains(invoked)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IInvocationOperation helperCall
                    && SocketOptionCall.TryCreateThroughHelper(helperCall, symbols) is { } through)
                {
                    Analyze(c.ReportDiagnostic, through, symbols, index, c.CancellationToken);
                }
            }, SyntaxKind.InvocationExpression);
        });
    }

    /// <summary>The file's methods and local functions that call a socket-option method, found once per file.</summary>
    private static HashSet<string> Helpers(SyntaxTree tree, CompilationData data)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
        {
            if (node is InvocationExpressionSyntax invocation && data.Names.SocketCalls.Contains(SyntaxNames.Invoked(invocation) ?? string.Empty))
            {
                foreach (SyntaxNode ancestor in invocation.Ancestors())
                {
                    // Only a helper that passes its own parameter on: one with a fixed option is
                    // checked where it calls, not at each call of it.
                    ParameterListSyntax? parameters = ancestor switch
                    {
                        MethodDeclarationSyntax method => method.ParameterList,
                        LocalFunctionStatementSyntax local => local.ParameterList,
                        _ => null,
                    };
                    if (parameters is not null)
                    {
                        if (PassesParameter(invocation, parameters))
                        {
                            names.Add(ancestor is MethodDeclarationSyntax m ? m.Identifier.ValueText : ((LocalFunctionStatementSyntax)ancestor).Identifier.ValueText);
                        }

                        break;
                    }
                }
            }
        }

        return names;
    }

    private static bool PassesParameter(InvocationExpressionSyntax invocation, ParameterListSyntax parameters)
    {
        foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
        {
            if (argument.Expression is IdentifierNameSyntax name)
            {
                foreach (ParameterSyntax parameter in parameters.Parameters)
                {
                    if (parameter.Identifier.ValueText == name.Identifier.ValueText)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static void Analyze(Action<Diagnostic> report, SocketOptionCall call, NetDropSymbols symbols, Func<SocketSpecIndex> index, CancellationToken cancellationToken)
    {
        if (call.Option(symbols, index) is not { } option)
        {
            return;
        }

        OptionValue? value = call.IsSet ? option.Set : option.Get;
        if (value is null)
        {
            bool otherWay = (call.IsSet ? option.Get : option.Set) is not null;
            report(Diagnostic.Create(
                DiagnosticDescriptors.SocketOptionDirection,
                (call.OptionArgument?.Syntax ?? call.Invocation.Syntax).GetLocation(),
                option.Name,
                call.IsSet ? "set" : "read",
                call.Verb,
                otherWay ? (call.IsSet ? "; read it with getsockopt" : "; set it with setsockopt") : string.Empty));
            return;
        }

        List<SocketOptionCall>? earlier = null;
        bool mustPrecedeRing = option.MustPrecedeRing;
        if (!option.Versions.IsDefaultOrEmpty || mustPrecedeRing)
        {
            earlier = Earlier(call, symbols, index, cancellationToken);
        }

        CheckValue(report, call, option, value, earlier, symbols, index);
        if (earlier is not null && call.IsSet && mustPrecedeRing)
        {
            CheckRingOrder(report, call, option, earlier, symbols, index, cancellationToken);
        }
    }

    /// <summary>
    /// ND1009: a ring created on some path before this call, with no removal (tp_block_nr = 0) of it
    /// between them.
    /// </summary>
    private static void CheckRingOrder(Action<Diagnostic> report, SocketOptionCall call, SocketOptionInfo option, List<SocketOptionCall> earlier, NetDropSymbols symbols, Func<SocketSpecIndex> index, CancellationToken cancellationToken)
    {
        List<IOperation>? removals = null;
        foreach (SocketOptionCall previous in earlier)
        {
            if (!previous.IsSet || previous.Option(symbols, index) is not { } ring || !ring.CreatesRing || RingRequest.Removes(previous))
            {
                continue;
            }

            if (removals is null)
            {
                removals = new List<IOperation>();
                foreach (SocketOptionCall other in earlier)
                {
                    if (other.IsSet && RingRequest.Removes(other))
                    {
                        removals.Add(other.Invocation);
                    }
                }
            }

            if (RunOrder.CanPrecede(previous.Invocation, call.Invocation, removals, cancellationToken))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.RingOptionAfterRing, call.Invocation.Syntax.GetLocation(), option.Name, ring.Name));
                return;
            }
        }
    }

    private static void CheckValue(Action<Diagnostic> report, SocketOptionCall call, SocketOptionInfo option, OptionValue fallback, List<SocketOptionCall>? earlier, NetDropSymbols symbols, Func<SocketSpecIndex> index)
    {
        if (call.ValueArgument is null)
        {
            return;
        }

        ValueShape shape = ValueShape.Of(call.ValueArgument, symbols);
        int? length = call.LengthArgument is null ? shape.Length : ByteLength.Of(call.LengthArgument.Value, symbols);
        if (shape.Type is null && length is null)
        {
            return;
        }

        // The value types the call may use: the one for the socket's version when the method set it,
        // else the default or any version's.
        long? version = earlier is null ? null : SocketVersion(earlier, symbols, index);
        var accepted = new List<OptionValue>();
        string? versionName = null;
        foreach (VersionedOptionValue versioned in option.Versions)
        {
            if (versioned.Get != !call.IsSet)
            {
                continue;
            }

            if (version is null)
            {
                accepted.Add(versioned.Value);
            }
            else if (versioned.Version == version)
            {
                accepted.Add(versioned.Value);
                versionName = versioned.VersionName;
            }
        }

        if (version is null || accepted.Count == 0)
        {
            accepted.Insert(0, fallback);
        }

        foreach (OptionValue candidate in accepted)
        {
            if (Fits(shape.Type, length, candidate, symbols))
            {
                return;
            }
        }

        string subject = $"{call.Verb}({option.Name})" + (versionName is null ? string.Empty : $" on this {versionName} socket");
        string expected = (call.IsSet ? "takes " : "gives ") + Describe(accepted[0]);
        if (version is null)
        {
            foreach (VersionedOptionValue versioned in option.Versions)
            {
                if (versioned.Get == !call.IsSet)
                {
                    expected += $", or {Describe(versioned.Value)} on {versioned.VersionName} sockets";
                }
            }
        }

        bool typeWrong = shape.Type is not null && !AnyTypeFits(shape.Type, accepted, symbols);
        string passed;
        if (typeWrong)
        {
            int? size = length ?? TypeSizes.Of(shape.Type, symbols);
            passed = TypeSizes.Display(shape.Type!) + (size is int n ? $" ({OperationHelpers.Invariant(n)} bytes)" : string.Empty);
        }
        else
        {
            passed = $"{OperationHelpers.Invariant(length ?? 0)} bytes";
        }

        SyntaxNode at = typeWrong || call.LengthArgument is null ? call.ValueArgument.Syntax : call.LengthArgument.Syntax;
        report(Diagnostic.Create(DiagnosticDescriptors.SocketOptionValue, at.GetLocation(), subject, expected, passed));
    }

    private static bool AnyTypeFits(ITypeSymbol type, List<OptionValue> accepted, NetDropSymbols symbols)
    {
        foreach (OptionValue candidate in accepted)
        {
            if (Fits(type, null, candidate, symbols))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True unless the code shows the value is not the candidate: a scalar of another size, a different
    /// kernel struct, or a length the candidate does not have. A scalar of the same size is fine (the
    /// kernel reads int and u32 alike); a user's own struct of unknown size is given the benefit of the doubt.
    /// </summary>
    private static bool Fits(ITypeSymbol? type, int? length, OptionValue candidate, NetDropSymbols symbols)
    {
        if (candidate.Size < 0)
        {
            return true;
        }

        if (length is int bytes && bytes != candidate.Size)
        {
            return false;
        }

        if (type is null || SymbolEqualityComparer.Default.Equals(type, candidate.Type))
        {
            return true;
        }

        int? size = TypeSizes.Of(type, symbols);
        if (TypeSizes.IsScalar(candidate.Type))
        {
            return TypeSizes.IsScalar(type) ? size == candidate.Size : size is null || size == candidate.Size;
        }

        bool kernelStruct = NetDropSymbols.Find(type, symbols.KernelStruct) is not null;
        return !(TypeSizes.IsScalar(type) || kernelStruct) && (size is null || size == candidate.Size);
    }

    private static string Describe(OptionValue value) =>
        $"{TypeSizes.Display(value.Type)} ({OperationHelpers.Invariant(value.Size)} bytes)";

    /// <summary>The PACKET_VERSION the method set on the socket before, when it set a constant.</summary>
    private static long? SocketVersion(List<SocketOptionCall> earlier, NetDropSymbols symbols, Func<SocketSpecIndex> index)
    {
        for (int i = earlier.Count - 1; i >= 0; i--)
        {
            SocketOptionCall previous = earlier[i];
            if (previous.IsSet && previous.Option(symbols, index) is { SelectsRingLayout: true })
            {
                return previous.ValueArgument is null ? null : PassedConstant.Of(previous.ValueArgument.Value);
            }
        }

        return null;
    }

    /// <summary>
    /// The socket option calls on the same socket that can run before this one in the method (on its
    /// control-flow graph, built only when there is another call on the socket), in text order.
    /// </summary>
    private static List<SocketOptionCall> Earlier(SocketOptionCall call, NetDropSymbols symbols, Func<SocketSpecIndex> index, CancellationToken cancellationToken)
    {
        var earlier = new List<SocketOptionCall>();
        if (call.Socket is { IsKnown: false })
        {
            return earlier;
        }

        IOperation root = call.Invocation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var others = new List<SocketOptionCall>();
        foreach (IOperation operation in root.Descendants())
        {
            if (operation is IInvocationOperation invocation && invocation != call.Invocation && invocation.Syntax != call.Invocation.Syntax
                && SocketOptionCall.TryCreate(invocation, symbols) is { } other && other.SameSocket(call))
            {
                others.Add(other);
            }
        }

        foreach (SocketOptionCall other in others)
        {
            if (RunOrder.CanPrecede(other.Invocation, call.Invocation, Array.Empty<IOperation>(), cancellationToken))
            {
                earlier.Add(other);
            }
        }

        earlier.Sort(static (a, b) => a.Invocation.Syntax.SpanStart.CompareTo(b.Invocation.Syntax.SpanStart));
        return earlier;
    }
}
