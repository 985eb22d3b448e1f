using System;
using System.Collections.Immutable;
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
/// ND1010: a number made into a drop-reason catalogue value (a cast, <c>Enum.ToObject</c>). ND1011: a
/// kernel reason number compared with a constant: a catalogue value turned into a number
/// (<c>(int)reason == 6</c>), or a value that comes from a member marked [KernelReasonNumber]
/// (<c>record.ReasonNumber is 2 or 77</c>, directly or through locals it is assigned to), in equality
/// tests, patterns with or/and/not, switch sections and arms. Names say nothing: an 802.11 ReasonCode is
/// not a kernel reason. Kernel reason numbers change between kernel versions, so the runtime maps them by
/// name; relational tests (<c>reason &lt; table.Length</c>) are bounds, not identities, and are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DropReasonNumberAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ReasonNumberCast, DiagnosticDescriptors.ReasonNumberComparison);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var data = CompilationData.For(start.Compilation);
            if (data.Symbols.DropReasonCatalog is null)
            {
                return;
            }

            CatalogCache catalogs = data.Catalogs;
            var sources = new ReasonNumberSources(start.Compilation, data.Symbols);

            // Each kind of node is bound only when its syntax could be about a reason number: a cast
            // to a type named like a catalogue, Enum.ToObject, or a test of a cast, of a member that
            // gives kernel reason numbers, or of a local in a file that reads one.
            start.RegisterSyntaxNodeAction(c =>
            {
                if (data.Names.Catalogs.Contains(SyntaxNames.Rightmost(((CastExpressionSyntax)c.Node).Type) ?? string.Empty)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IConversionOperation conversion)
                {
                    AnalyzeCast(c.ReportDiagnostic, conversion, catalogs);
                }
            }, SyntaxKind.CastExpression);
            start.RegisterSyntaxNodeAction(c =>
            {
                if (SyntaxNames.Rightmost(((InvocationExpressionSyntax)c.Node).Expression) == "ToObject"
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IInvocationOperation invocation)
                {
                    AnalyzeToObject(c.ReportDiagnostic, invocation, catalogs);
                }
            }, SyntaxKind.InvocationExpression);
            start.RegisterSyntaxNodeAction(c =>
            {
                var binary = (BinaryExpressionSyntax)c.Node;
                if ((sources.MayBeNumber(binary.Left) || sources.MayBeNumber(binary.Right))
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IBinaryOperation operation)
                {
                    AnalyzeBinary(c.ReportDiagnostic, operation, catalogs, sources);
                }
            }, SyntaxKind.EqualsExpression, SyntaxKind.NotEqualsExpression);
            start.RegisterSyntaxNodeAction(c =>
            {
                var isPattern = (IsPatternExpressionSyntax)c.Node;
                if (sources.MayBeNumber(isPattern.Expression)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IIsPatternOperation operation)
                {
                    AnalyzeIsPattern(c.ReportDiagnostic, operation, catalogs, sources);
                }
            }, SyntaxKind.IsPatternExpression);
            start.RegisterSyntaxNodeAction(c =>
            {
                if (sources.MayBeNumber(((SwitchStatementSyntax)c.Node).Expression)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is ISwitchOperation operation)
                {
                    AnalyzeSwitch(c.ReportDiagnostic, operation, catalogs, sources);
                }
            }, SyntaxKind.SwitchStatement);
            start.RegisterSyntaxNodeAction(c =>
            {
                if (sources.MayBeNumber(((SwitchExpressionSyntax)c.Node).GoverningExpression)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is ISwitchExpressionOperation operation)
                {
                    AnalyzeSwitchExpression(c.ReportDiagnostic, operation, catalogs, sources);
                }
            }, SyntaxKind.SwitchExpression);
        });
    }

    private static void AnalyzeCast(Action<Diagnostic> report, IConversionOperation conversion, CatalogCache catalogs)
    {
        // Only casts written in the code: the compiler's own conversions (a constant lifted to
        // Nullable, 0 to an enum) are not someone choosing a number.
        if (conversion.IsImplicit || catalogs.Get(conversion.Type) is not { } catalog)
        {
            return;
        }

        ITypeSymbol? from = Underlying(conversion.Operand.Type);
        if (from is null || catalogs.Get(from) is not null || !(IsIntegral(from) || from.TypeKind == TypeKind.Enum))
        {
            return;
        }

        report(Diagnostic.Create(DiagnosticDescriptors.ReasonNumberCast, conversion.Syntax.GetLocation(), catalog.Type.Name, catalog.Lookups));
    }

    /// <summary><c>Enum.ToObject(typeof(DropReason), number)</c>: a cast written as a call.</summary>
    private static void AnalyzeToObject(Action<Diagnostic> report, IInvocationOperation invocation, CatalogCache catalogs)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name != "ToObject" || method.ContainingType?.SpecialType != SpecialType.System_Enum || invocation.Arguments.Length != 2
            || invocation.Arguments[0].Value is not ITypeOfOperation typeOf || catalogs.Get(typeOf.TypeOperand) is not { } catalog
            || !IsIntegral(Underlying(invocation.Arguments[1].Value.WithoutConversions().Type)))
        {
            return;
        }

        report(Diagnostic.Create(DiagnosticDescriptors.ReasonNumberCast, invocation.Syntax.GetLocation(), catalog.Type.Name, catalog.Lookups));
    }

    private static void AnalyzeBinary(Action<Diagnostic> report, IBinaryOperation binary, CatalogCache catalogs, ReasonNumberSources sources)
    {
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        if (!Check(report, binary.LeftOperand, binary.RightOperand, catalogs, sources))
        {
            Check(report, binary.RightOperand, binary.LeftOperand, catalogs, sources);
        }
    }

    private static void AnalyzeIsPattern(Action<Diagnostic> report, IIsPatternOperation isPattern, CatalogCache catalogs, ReasonNumberSources sources) =>
        CheckPattern(report, isPattern.Value, isPattern.Pattern, catalogs, sources);

    private static void AnalyzeSwitch(Action<Diagnostic> report, ISwitchOperation switchOperation, CatalogCache catalogs, ReasonNumberSources sources)
    {
        foreach (ISwitchCaseOperation section in switchOperation.Cases)
        {
            foreach (ICaseClauseOperation clause in section.Clauses)
            {
                bool reported = clause switch
                {
                    ISingleValueCaseClauseOperation single => Check(report, switchOperation.Value, single.Value, catalogs, sources),
                    IPatternCaseClauseOperation pattern => CheckPattern(report, switchOperation.Value, pattern.Pattern, catalogs, sources),
                    _ => false,
                };
                if (reported)
                {
                    return;
                }
            }
        }
    }

    private static void AnalyzeSwitchExpression(Action<Diagnostic> report, ISwitchExpressionOperation switchOperation, CatalogCache catalogs, ReasonNumberSources sources)
    {
        foreach (ISwitchExpressionArmOperation arm in switchOperation.Arms)
        {
            if (CheckPattern(report, switchOperation.Value, arm.Pattern, catalogs, sources))
            {
                return;
            }
        }
    }

    /// <summary>The first constant of a pattern, through <c>or</c>, <c>and</c> and <c>not</c> (<c>is 2 or 77</c>, <c>is not 0</c>).</summary>
    private static bool CheckPattern(Action<Diagnostic> report, IOperation number, IPatternOperation pattern, CatalogCache catalogs, ReasonNumberSources sources) => pattern switch
    {
        IConstantPatternOperation constant => Check(report, number, constant.Value, catalogs, sources),
        INegatedPatternOperation negated => CheckPattern(report, number, negated.Pattern, catalogs, sources),
        IBinaryPatternOperation binary => CheckPattern(report, number, binary.LeftPattern, catalogs, sources)
            || CheckPattern(report, number, binary.RightPattern, catalogs, sources),
        _ => false,
    };

    /// <summary>Reports when <paramref name="number"/> is a kernel reason number and <paramref name="constant"/> a number; true when it did.</summary>
    private static bool Check(Action<Diagnostic> report, IOperation number, IOperation constant, CatalogCache catalogs, ReasonNumberSources sources)
    {
        if (constant.IntegralConstant() is not long value)
        {
            return false;
        }

        DropReasonCatalogInfo? catalog = ReasonNumberCatalog(number, constant, catalogs, sources);
        if (catalog is null)
        {
            return false;
        }

        report(Diagnostic.Create(
            DiagnosticDescriptors.ReasonNumberComparison,
            number.Syntax.GetLocation(),
            number.Syntax.ToString(),
            OperationHelpers.Invariant(value),
            catalog.Lookups,
            catalog.Type.Name));
        return true;
    }

    /// <summary>
    /// The catalogue a reason number belongs to: a catalogue value turned into a number
    /// (<c>(int)reason</c>, where the constant is not itself a catalogue member), or a number that comes
    /// from a [KernelReasonNumber] member. Null otherwise.
    /// </summary>
    private static DropReasonCatalogInfo? ReasonNumberCatalog(IOperation number, IOperation constant, CatalogCache catalogs, ReasonNumberSources sources)
    {
        if (number.Type is not { } type || !IsIntegral(Underlying(type)))
        {
            return null;
        }

        IOperation inner = number;
        while (inner is IConversionOperation conversion)
        {
            inner = conversion.Operand;
            if (catalogs.Get(inner.Type) is { } catalog)
            {
                // (int)reason == (int)DropReason.NoSocket compares two NetDrop values: consistent.
                return FromCatalog(constant, catalogs) ? null : catalog;
            }
        }

        if (sources.IsKernelNumber(number))
        {
            return catalogs.Any;
        }

        return null;
    }

    private static bool FromCatalog(IOperation constant, CatalogCache catalogs)
    {
        IOperation current = constant;
        while (current is IConversionOperation conversion)
        {
            current = conversion.Operand;
            if (catalogs.Get(current.Type) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static ITypeSymbol? Underlying(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64;
}
