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
/// ND1010: a number cast to a drop-reason catalogue. ND1011: a kernel reason number compared with a
/// constant (<c>(int)reason == 6</c>, or an integer named like a reason: <c>record.Reason == 6</c>,
/// <c>case 6:</c> in a switch over it). Kernel reason numbers change between kernel versions, so the
/// runtime maps them by name; relational tests (<c>reason &lt; table.Length</c>) are bounds, not
/// identities, and are left alone.
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

            // Each kind of node is bound only when its syntax could be about a reason number: a cast
            // to a type named like a catalogue, or a comparison of a cast or of something named like a reason.
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
                var binary = (BinaryExpressionSyntax)c.Node;
                if ((MayBeNumber(binary.Left) || MayBeNumber(binary.Right))
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IBinaryOperation operation)
                {
                    AnalyzeBinary(c.ReportDiagnostic, operation, catalogs);
                }
            }, SyntaxKind.EqualsExpression, SyntaxKind.NotEqualsExpression);
            start.RegisterSyntaxNodeAction(c =>
            {
                var isPattern = (IsPatternExpressionSyntax)c.Node;
                if (isPattern.Pattern is ConstantPatternSyntax && MayBeNumber(isPattern.Expression)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is IIsPatternOperation operation)
                {
                    AnalyzeIsPattern(c.ReportDiagnostic, operation, catalogs);
                }
            }, SyntaxKind.IsPatternExpression);
            start.RegisterSyntaxNodeAction(c =>
            {
                if (MayBeNumber(((SwitchStatementSyntax)c.Node).Expression)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is ISwitchOperation operation)
                {
                    AnalyzeSwitch(c.ReportDiagnostic, operation, catalogs);
                }
            }, SyntaxKind.SwitchStatement);
            start.RegisterSyntaxNodeAction(c =>
            {
                if (MayBeNumber(((SwitchExpressionSyntax)c.Node).GoverningExpression)
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is ISwitchExpressionOperation operation)
                {
                    AnalyzeSwitchExpression(c.ReportDiagnostic, operation, catalogs);
                }
            }, SyntaxKind.SwitchExpression);
        });
    }

    /// <summary>Syntax that may hold a reason number: a cast (<c>(int)reason</c>) or a name like a reason's.</summary>
    private static bool MayBeNumber(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is CastExpressionSyntax
            || (SyntaxNames.Rightmost(expression) is { } name && LooksLikeReason(OperationHelpers.Normalize(name)));
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

    private static void AnalyzeBinary(Action<Diagnostic> report, IBinaryOperation binary, CatalogCache catalogs)
    {
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        if (!Check(report, binary.LeftOperand, binary.RightOperand, catalogs))
        {
            Check(report, binary.RightOperand, binary.LeftOperand, catalogs);
        }
    }

    private static void AnalyzeIsPattern(Action<Diagnostic> report, IIsPatternOperation isPattern, CatalogCache catalogs)
    {
        if (isPattern.Pattern is IConstantPatternOperation constant)
        {
            Check(report, isPattern.Value, constant.Value, catalogs);
        }
    }

    private static void AnalyzeSwitch(Action<Diagnostic> report, ISwitchOperation switchOperation, CatalogCache catalogs)
    {
        foreach (ISwitchCaseOperation section in switchOperation.Cases)
        {
            foreach (ICaseClauseOperation clause in section.Clauses)
            {
                IOperation? value = clause switch
                {
                    ISingleValueCaseClauseOperation single => single.Value,
                    IPatternCaseClauseOperation { Pattern: IConstantPatternOperation constant } => constant.Value,
                    _ => null,
                };
                if (value is not null && Check(report, switchOperation.Value, value, catalogs))
                {
                    return;
                }
            }
        }
    }

    private static void AnalyzeSwitchExpression(Action<Diagnostic> report, ISwitchExpressionOperation switchOperation, CatalogCache catalogs)
    {
        foreach (ISwitchExpressionArmOperation arm in switchOperation.Arms)
        {
            if (arm.Pattern is IConstantPatternOperation constant && Check(report, switchOperation.Value, constant.Value, catalogs))
            {
                return;
            }
        }
    }

    /// <summary>Reports when <paramref name="number"/> is a kernel reason number and <paramref name="constant"/> a number; true when it did.</summary>
    private static bool Check(Action<Diagnostic> report, IOperation number, IOperation constant, CatalogCache catalogs)
    {
        if (constant.IntegralConstant() is not long value)
        {
            return false;
        }

        DropReasonCatalogInfo? catalog = ReasonNumberCatalog(number, constant, catalogs);
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
    /// (<c>(int)reason</c>, where the constant is not itself a catalogue member), or an integer whose
    /// name says it is a reason (<c>reason</c>, <c>dropReason</c>, <c>ReasonCode</c>). Null otherwise.
    /// </summary>
    private static DropReasonCatalogInfo? ReasonNumberCatalog(IOperation number, IOperation constant, CatalogCache catalogs)
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

        if (number.ReferencedName() is { } name && LooksLikeReason(OperationHelpers.Normalize(name)))
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

    private static bool LooksLikeReason(string name) =>
        name.EndsWith("reason", System.StringComparison.Ordinal)
        || name.EndsWith("reasonid", System.StringComparison.Ordinal)
        || name.EndsWith("reasoncode", System.StringComparison.Ordinal)
        || name.EndsWith("reasonnumber", System.StringComparison.Ordinal)
        || name.EndsWith("reasonvalue", System.StringComparison.Ordinal);

    private static ITypeSymbol? Underlying(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64;
}
