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
/// Control messages against the spec's [ControlMessage] metadata, where the code says which message it
/// handles: in an <c>if</c> that tests the message (<c>cmsg_type == PACKET_AUXDATA</c>, or level and
/// type numbers), a <c>switch</c> case on the type, or an object initializer that sets the type.
/// ND1004: a CMSG_LEN/CMSG_SPACE of another size than the payload's. ND1005: the data read as another
/// type. ND1006: a level and type that name no control message (PACKET_GAPDATA's 15 at SOL_PACKET), or a
/// message tested at another level than its own.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ControlMessageAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ControlMessageSize, DiagnosticDescriptors.ControlMessagePayloadType, DiagnosticDescriptors.UnknownControlMessage);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var data = CompilationData.For(start.Compilation);
            if (data.Symbols.ControlMessage is null)
            {
                return;
            }

            NetDropSymbols symbols = data.Symbols;
            var predicates = new ConcurrentDictionary<SyntaxTree, HashSet<string>>();
            bool MayTest(ExpressionSyntax condition) =>
                MayTestMessage(condition, data) || CallsPredicate(condition, predicates.GetOrAdd(condition.SyntaxTree, t => Predicates(t, data)));

            // Bound only when the syntax tests or sets something named like a cmsg level or type, or
            // names a control-message constant.
            start.RegisterSyntaxNodeAction(c =>
            {
                if (MayTest(((IfStatementSyntax)c.Node).Condition)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IConditionalOperation operation)
                {
                    AnalyzeIf(c.ReportDiagnostic, operation, symbols, data, c.CancellationToken);
                }
            }, SyntaxKind.IfStatement);
            // The same tests outside an if: an expression-bodied predicate, a return, a pattern.
            start.RegisterSyntaxNodeAction(c =>
            {
                if (IsOutermostTest((ExpressionSyntax)c.Node) && MayTest((ExpressionSyntax)c.Node)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is { } operation)
                {
                    AnalyzeTest(c.ReportDiagnostic, operation, new[] { operation }, symbols, data, c.CancellationToken);
                }
            }, SyntaxKind.LogicalAndExpression, SyntaxKind.IsPatternExpression);
            start.RegisterSyntaxNodeAction(c =>
            {
                if (SyntaxNames.Rightmost(((SwitchStatementSyntax)c.Node).Expression) is { } name && OperationHelpers.Normalize(name).EndsWith("type", StringComparison.Ordinal)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is ISwitchOperation operation)
                {
                    AnalyzeSwitch(c.ReportDiagnostic, operation, symbols, data, c.CancellationToken);
                }
            }, SyntaxKind.SwitchStatement);
            start.RegisterSyntaxNodeAction(c =>
            {
                if (SyntaxNames.Rightmost(((SwitchExpressionSyntax)c.Node).GoverningExpression) is { } name && OperationHelpers.Normalize(name).EndsWith("type", StringComparison.Ordinal)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is ISwitchExpressionOperation operation)
                {
                    AnalyzeSwitchExpression(c.ReportDiagnostic, operation, symbols, data, c.CancellationToken);
                }
            }, SyntaxKind.SwitchExpression);
            start.RegisterSyntaxNodeAction(c =>
            {
                if (SetsType((InitializerExpressionSyntax)c.Node)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IObjectOrCollectionInitializerOperation operation)
                {
                    AnalyzeInitializer(c.ReportDiagnostic, operation, symbols, data, c.CancellationToken);
                }
            }, SyntaxKind.ObjectInitializerExpression);
        });
    }

    /// <summary>
    /// A condition that names a control-message constant, or names both a level and a type
    /// (<c>cmsg_level == 263 &amp;&amp; cmsg_type == 15</c>); netlink's many <c>Type ==</c> tests are not bound.
    /// </summary>
    private static bool MayTestMessage(ExpressionSyntax condition, CompilationData data)
    {
        bool level = false;
        bool type = false;
        foreach (SyntaxNode node in condition.DescendantNodesAndSelf())
        {
            if (node is IdentifierNameSyntax identifier)
            {
                string text = identifier.Identifier.ValueText;
                if (data.Names.ControlMessages.Contains(text))
                {
                    return true;
                }

                string name = OperationHelpers.Normalize(text);
                level |= name.EndsWith("level", StringComparison.Ordinal);
                type |= name.EndsWith("type", StringComparison.Ordinal);
            }
        }

        return level && type;
    }

    /// <summary>The names of the file's predicates that test a control message (one expression each), found once per file.</summary>
    private static HashSet<string> Predicates(SyntaxTree tree, CompilationData data)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
        {
            if (node is MethodDeclarationSyntax or LocalFunctionStatementSyntax && ControlMessageTest.Returned(node) is { } returned && MayTestMessage(returned, data))
            {
                names.Add(node is MethodDeclarationSyntax method ? method.Identifier.ValueText : ((LocalFunctionStatementSyntax)node).Identifier.ValueText);
            }
        }

        return names;
    }

    private static bool CallsPredicate(ExpressionSyntax condition, HashSet<string> predicates)
    {
        if (predicates.Count == 0)
        {
            return false;
        }

        foreach (SyntaxNode node in condition.DescendantNodesAndSelf())
        {
            if (node is InvocationExpressionSyntax invocation && SyntaxNames.Rightmost(invocation.Expression) is { } name && predicates.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A test not inside a bigger one and not an if's condition (the if statement's action has it):
    /// <c>c->cmsg_level == 263 &amp;&amp; c->cmsg_type == 8</c> as a whole, never its halves twice.
    /// </summary>
    private static bool IsOutermostTest(ExpressionSyntax test)
    {
        SyntaxNode? parent = test.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        return parent is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression }
            && !(parent is IfStatementSyntax ifStatement && ifStatement.Condition.Span.Contains(test.Span));
    }

    private static bool SetsType(InitializerExpressionSyntax initializer)
    {
        foreach (ExpressionSyntax expression in initializer.Expressions)
        {
            if (expression is AssignmentExpressionSyntax assignment && SyntaxNames.Rightmost(assignment.Left) is { } name
                && OperationHelpers.Normalize(name).EndsWith("type", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void AnalyzeIf(Action<Diagnostic> report, IConditionalOperation conditional, NetDropSymbols symbols, CompilationData data, CancellationToken cancellationToken)
    {
        if (conditional.Syntax is IfStatementSyntax)
        {
            AnalyzeTest(report, conditional.Condition, new[] { conditional.Condition, conditional.WhenTrue }, symbols, data, cancellationToken);
        }
    }

    /// <summary>A level and type test, and the code it guards (the if's body, or the test itself when it stands alone).</summary>
    private static void AnalyzeTest(Action<Diagnostic> report, IOperation condition, IOperation[] guarded, NetDropSymbols symbols, CompilationData data, CancellationToken cancellationToken)
    {
        if (ControlMessageTest.Read(condition, symbols, data.Sockets) is not { } test)
        {
            return;
        }

        ControlMessageInfo? message = test.Message;
        if (message is null)
        {
            // Plain numbers: only a level the spec has control messages at is checked.
            if (data.Sockets.MessagesAt((int)test.Level!.Value) is not { Count: > 0 } atLevel)
            {
                return;
            }

            message = data.Sockets.Message((int)test.Level.Value, (int)test.Type!.Value);
            if (message is null)
            {
                ReportUnknown(report, test, atLevel, data.Sockets);
                return;
            }
        }
        else if (test.Level is long level && level != message.Level)
        {
            report(Diagnostic.Create(
                DiagnosticDescriptors.UnknownControlMessage,
                test.LevelTest!.Syntax.GetLocation(),
                OperationHelpers.Invariant(level),
                OperationHelpers.Invariant(message.Type),
                $"{message.Name} arrives at level {OperationHelpers.Invariant(message.Level)}, not {OperationHelpers.Invariant(level)}; test the level it has"));
            return;
        }

        Scan(report, message, guarded, symbols, cancellationToken);
    }

    private static void ReportUnknown(Action<Diagnostic> report, ControlMessageTest test, IReadOnlyList<ControlMessageInfo> atLevel, SocketSpecIndex index)
    {
        int level = (int)test.Level!.Value;
        int type = (int)test.Type!.Value;
        var known = new List<string>(atLevel.Count);
        foreach (ControlMessageInfo other in atLevel)
        {
            known.Add($"{other.Name} ({OperationHelpers.Invariant(other.Type)})");
        }

        string detail = index.Option(level, type) is { } option
            ? $"{OperationHelpers.Invariant(type)} at this level is the socket option {option.Name}, and the spec's control messages at level {OperationHelpers.Invariant(level)} are {string.Join(", ", known)}"
            : $"the spec's control messages at level {OperationHelpers.Invariant(level)} are {string.Join(", ", known)}";
        report(Diagnostic.Create(
            DiagnosticDescriptors.UnknownControlMessage,
            test.TypeTest!.Syntax.GetLocation(),
            OperationHelpers.Invariant(level),
            OperationHelpers.Invariant(type),
            detail));
    }

    private static void AnalyzeSwitch(Action<Diagnostic> report, ISwitchOperation switchOperation, NetDropSymbols symbols, CompilationData data, CancellationToken cancellationToken)
    {
        foreach (ISwitchCaseOperation section in switchOperation.Cases)
        {
            // A section of several messages (case A: case B:, case A or B:) handles none of them alone.
            ControlMessageInfo? message = null;
            int named = 0;
            foreach (ICaseClauseOperation clause in section.Clauses)
            {
                IOperation? value = clause switch
                {
                    ISingleValueCaseClauseOperation single => single.Value,
                    IPatternCaseClauseOperation { Pattern: IConstantPatternOperation constant, Guard: null } => constant.Value,
                    IPatternCaseClauseOperation or IDefaultCaseClauseOperation => switchOperation,
                    _ => null,
                };
                if (value is not null)
                {
                    named++;
                    message = value == switchOperation ? null : ControlMessageTest.MessageOf(value, symbols, data.Sockets);
                }
            }

            if (named == 1 && message is not null)
            {
                Scan(report, message, section.Body, symbols, cancellationToken);
            }
        }
    }

    private static void AnalyzeSwitchExpression(Action<Diagnostic> report, ISwitchExpressionOperation switchOperation, NetDropSymbols symbols, CompilationData data, CancellationToken cancellationToken)
    {
        foreach (ISwitchExpressionArmOperation arm in switchOperation.Arms)
        {
            if (arm is { Pattern: IConstantPatternOperation constant, Guard: null } && ControlMessageTest.MessageOf(constant.Value, symbols, data.Sockets) is { } message)
            {
                Scan(report, message, new[] { arm.Value }, symbols, cancellationToken);
            }
        }
    }

    private static void AnalyzeInitializer(Action<Diagnostic> report, IObjectOrCollectionInitializerOperation initializer, NetDropSymbols symbols, CompilationData data, CancellationToken cancellationToken)
    {
        ControlMessageInfo? message = null;
        ISimpleAssignmentOperation? levelAssignment = null;
        foreach (IOperation item in initializer.Initializers)
        {
            if (item is not ISimpleAssignmentOperation assignment || assignment.Target.ReferencedName() is not { } name)
            {
                continue;
            }

            string normalized = OperationHelpers.Normalize(name);
            if (normalized.EndsWith("type", StringComparison.Ordinal) && ControlMessageTest.MessageOf(assignment.Value, symbols, data.Sockets) is { } found)
            {
                message = found;
            }
            else if (normalized.EndsWith("level", StringComparison.Ordinal) && assignment.Value.IntegralConstant() is not null)
            {
                levelAssignment = assignment;
            }
        }

        if (message is null)
        {
            return;
        }

        if (levelAssignment?.Value.IntegralConstant() is long level && level != message.Level)
        {
            report(Diagnostic.Create(
                DiagnosticDescriptors.UnknownControlMessage,
                levelAssignment.Value.Syntax.GetLocation(),
                OperationHelpers.Invariant(level),
                OperationHelpers.Invariant(message.Type),
                $"{message.Name} has level {OperationHelpers.Invariant(message.Level)}, not {OperationHelpers.Invariant(level)}"));
        }

        Scan(report, message, new IOperation[] { initializer }, symbols, cancellationToken);
    }

    /// <summary>Checks the sizes and reads in the code that handles one control message.</summary>
    private static void Scan(Action<Diagnostic> report, ControlMessageInfo message, IEnumerable<IOperation> regions, NetDropSymbols symbols, CancellationToken cancellationToken)
    {
        foreach (IOperation operation in ControlMessageTest.Within(regions))
        {
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (IsCmsgSize(invocation.TargetMethod) && invocation.Arguments.Length == 1)
            {
                IOperation argument = invocation.Arguments[0].Value;
                if (ByteLength.Of(argument, symbols) is int size && size != message.PayloadSize)
                {
                    ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
                    if (message.SizeConstant is not null)
                    {
                        properties = properties.Add(DiagnosticProperties.SizeConstant, message.SizeConstant);
                    }

                    report(Diagnostic.Create(
                        DiagnosticDescriptors.ControlMessageSize,
                        invocation.Arguments[0].Syntax.GetLocation(),
                        properties,
                        message.Name,
                        TypeSizes.Display(message.PayloadType),
                        OperationHelpers.Invariant(message.PayloadSize),
                        OperationHelpers.Invariant(size),
                        message.SizeConstantDisplay ?? OperationHelpers.Invariant(message.PayloadSize)));
                }
            }
            else if (ReadType(invocation, symbols) is { } read && WrongRead(read, message, symbols))
            {
                ReportRead(report, invocation.Syntax, message, read);
            }
        }

        // *(T*)data and ((T*)data)->field: pointer casts have no operation of their own to visit.
        foreach (IOperation region in regions)
        {
            if (region.SemanticModel is not { } model)
            {
                continue;
            }

            foreach (SyntaxNode node in region.Syntax.DescendantNodesAndSelf())
            {
                if (node is CastExpressionSyntax { Type: PointerTypeSyntax pointer } cast
                    && model.GetTypeInfo(pointer.ElementType, cancellationToken).Type is { } pointee
                    && pointee.SpecialType is not (SpecialType.System_Byte or SpecialType.System_Void)
                    && WrongRead(pointee, message, symbols))
                {
                    ReportRead(report, cast, message, pointee);
                }
            }
        }
    }

    private static void ReportRead(Action<Diagnostic> report, SyntaxNode at, ControlMessageInfo message, ITypeSymbol read) =>
        report(Diagnostic.Create(
            DiagnosticDescriptors.ControlMessagePayloadType,
            at.GetLocation(),
            message.Name,
            TypeSizes.Display(message.PayloadType),
            OperationHelpers.Invariant(message.PayloadSize),
            TypeSizes.Display(read)));

    /// <summary>
    /// True when reading the payload as <paramref name="read"/> is surely wrong: another kernel struct,
    /// or a scalar of another size when the payload is a scalar. Reading one field of a struct payload as a
    /// scalar (tp_status of tpacket_auxdata) is fine.
    /// </summary>
    private static bool WrongRead(ITypeSymbol read, ControlMessageInfo message, NetDropSymbols symbols)
    {
        if (SymbolEqualityComparer.Default.Equals(read, message.PayloadType))
        {
            return false;
        }

        bool kernelStruct = NetDropSymbols.Find(read, symbols.KernelStruct) is not null;
        if (kernelStruct && IsArrayOf(message, read, symbols))
        {
            // scm_timestamping is struct timespec ts[3] in C: read as timespecs, one at a time.
            return false;
        }

        if (TypeSizes.IsScalar(message.PayloadType))
        {
            return kernelStruct || (TypeSizes.IsScalar(read) && TypeSizes.Of(read, symbols) != message.PayloadSize);
        }

        return kernelStruct;
    }

    /// <summary>
    /// A payload the spec gives as bytes only (one binary member, an array in C) can be read as any
    /// kernel struct whose size divides it; the spec does not say the element type.
    /// </summary>
    private static bool IsArrayOf(ControlMessageInfo message, ITypeSymbol read, NetDropSymbols symbols)
    {
        int fields = 0;
        foreach (ISymbol member in message.PayloadType.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                // Bytes only: a fixed buffer or the generator's inline byte array, not a scalar or a struct.
                if (TypeSizes.IsScalar(field.Type) || NetDropSymbols.Find(field.Type, symbols.KernelStruct) is not null)
                {
                    return false;
                }

                fields++;
            }
        }

        return fields == 1 && TypeSizes.Of(read, symbols) is int size and > 0 && message.PayloadSize % size == 0;
    }

    /// <summary>The type a call reads bytes as: MemoryMarshal.Read&lt;T&gt;, Unsafe.ReadUnaligned&lt;T&gt;, BinaryPrimitives.ReadUInt64LittleEndian, tpacket_auxdata.TryRead, …</summary>
    private static ITypeSymbol? ReadType(IInvocationOperation invocation, NetDropSymbols symbols)
    {
        IMethodSymbol method = invocation.TargetMethod;
        switch (method.ContainingType?.ToDisplayString())
        {
            case "System.Runtime.InteropServices.MemoryMarshal":
                return method.Name switch
                {
                    "Read" or "TryRead" or "AsRef" when method.TypeArguments.Length == 1 => method.TypeArguments[0],
                    "Cast" when method.TypeArguments.Length == 2 => method.TypeArguments[1],
                    _ => null,
                };
            case "System.Runtime.CompilerServices.Unsafe":
                return method.Name switch
                {
                    "Read" or "ReadUnaligned" or "AsRef" when method.TypeArguments.Length == 1 => method.TypeArguments[0],
                    "As" when method.TypeArguments.Length == 2 => method.TypeArguments[1],
                    _ => null,
                };
            case "System.Runtime.InteropServices.Marshal" when method.Name == "PtrToStructure" && method.TypeArguments.Length == 1:
                return method.TypeArguments[0];
            case "System.Buffers.Binary.BinaryPrimitives" when method.Name.StartsWith("Read", StringComparison.Ordinal) && !method.ReturnsVoid:
                return method.ReturnType;
            case "System.BitConverter" when method.Name.StartsWith("To", StringComparison.Ordinal) && TypeSizes.IsScalar(method.ReturnType):
                return method.ReturnType;
        }

        return method.IsStatic && method.Name is "TryRead" or "Read" && method.ContainingType is { } owner && NetDropSymbols.Find(owner, symbols.KernelStruct) is not null
            ? owner
            : null;
    }

    /// <summary>CMSG_LEN and CMSG_SPACE, however a C# port spells them (CmsgLen, Cmsg_Space).</summary>
    private static bool IsCmsgSize(IMethodSymbol method)
    {
        string name = OperationHelpers.Normalize(method.Name);
        return name is "cmsglen" or "cmsgspace";
    }
}
