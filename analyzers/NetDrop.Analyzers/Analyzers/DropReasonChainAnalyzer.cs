using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using NetDrop.Analyzers.Descriptors;
using NetDrop.Analyzers.Metadata;
using NetDrop.Analyzers.Operations;

namespace NetDrop.Analyzers.Analyzers;

/// <summary>
/// ND1003: <c>if (r == A) … else if (r == B) … else throw …</c> over a drop reason that does not test
/// every reason. Only the shape that says "meant to be exhaustive" for sure is flagged: two or more
/// tests, every condition an equality test (<c>==</c>, <c>is A or B</c>, <c>||</c> of those) of the same
/// variable, and a final else that only throws. A chain without a final else, or with one that does
/// anything else, is a chain that handles some reasons on purpose.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DropReasonChainAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.IncompleteReasonChain);

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

            start.RegisterSyntaxNodeAction(c =>
            {
                // The chain's shape is syntax: a head `if` with an else-if and a final else that throws.
                if (c.Node is IfStatementSyntax head && head.Parent is not ElseClauseSyntax && HasChainShape(head)
                    && c.SemanticModel.GetOperation(head, c.CancellationToken) is IConditionalOperation operation)
                {
                    Analyze(c.ReportDiagnostic, operation, data.Catalogs);
                }
            }, SyntaxKind.IfStatement);
        });
    }

    private static bool HasChainShape(IfStatementSyntax head)
    {
        int tests = 1;
        StatementSyntax? last = head.Else?.Statement;
        while (last is IfStatementSyntax next)
        {
            tests++;
            last = next.Else?.Statement;
        }

        while (last is BlockSyntax { Statements.Count: 1 } block)
        {
            last = block.Statements[0];
        }

        return tests >= 2 && last is ThrowStatementSyntax or ExpressionStatementSyntax { Expression: ThrowExpressionSyntax };
    }

    private static void Analyze(Action<Diagnostic> report, IConditionalOperation head, CatalogCache catalogs)
    {
        // Start at the head of a chain only: an `else if` is the WhenFalse of its parent.
        if (head.Syntax is not IfStatementSyntax headSyntax || head.Parent is IConditionalOperation parent && parent.WhenFalse == head)
        {
            return;
        }

        DropReasonCatalogInfo? catalog = null;
        VariableIdentity? tested = null;
        bool[]? covered = null;
        int tests = 0;
        IOperation? current = head;
        while (current is IConditionalOperation conditional)
        {
            if (!Tests(conditional.Condition, catalogs, ref catalog, ref tested, ref covered))
            {
                return;
            }

            tests++;
            current = conditional.WhenFalse;
        }

        if (tests < 2 || current is null || !OnlyThrows(current) || catalog is null || covered is null)
        {
            return;
        }

        List<DropReasonMember> missing = ReasonCoverage.Missing(covered, catalog);
        if (missing.Count == 0)
        {
            return;
        }

        int end = headSyntax.CloseParenToken.IsMissing ? headSyntax.Condition.Span.End : headSyntax.CloseParenToken.Span.End;
        Location location = Location.Create(headSyntax.SyntaxTree, TextSpan.FromBounds(headSyntax.IfKeyword.SpanStart, end));
        report(Diagnostic.Create(
            DiagnosticDescriptors.IncompleteReasonChain,
            location,
            catalog.Type.Name,
            OperationHelpers.Invariant(missing.Count),
            ReasonCoverage.Names(missing)));
    }

    /// <summary>Reads one condition of the chain into the set of tested reasons; false when it is anything else.</summary>
    private static bool Tests(IOperation condition, CatalogCache catalogs, ref DropReasonCatalogInfo? catalog, ref VariableIdentity? tested, ref bool[]? covered)
    {
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                return Tests(or.LeftOperand, catalogs, ref catalog, ref tested, ref covered)
                    && Tests(or.RightOperand, catalogs, ref catalog, ref tested, ref covered);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
            {
                IOperation value = equals.RightOperand.IntegralConstant() is null ? equals.RightOperand : equals.LeftOperand;
                IOperation constant = ReferenceEquals(value, equals.RightOperand) ? equals.LeftOperand : equals.RightOperand;
                if (!Variable(value, catalogs, ref catalog, ref tested) || ReasonCoverage.Constant(constant, catalog!) is not { } one)
                {
                    return false;
                }

                ReasonCoverage.Add(covered ??= ReasonCoverage.None(catalog!), one);
                return true;
            }

            case IIsPatternOperation isPattern:
            {
                if (!Variable(isPattern.Value, catalogs, ref catalog, ref tested) || ReasonCoverage.Of(isPattern.Pattern, catalog!) is not { } matched)
                {
                    return false;
                }

                ReasonCoverage.Add(covered ??= ReasonCoverage.None(catalog!), matched);
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>True when the operation reads a catalogue variable, the same one as the chain's other tests.</summary>
    private static bool Variable(IOperation operation, CatalogCache catalogs, ref DropReasonCatalogInfo? catalog, ref VariableIdentity? tested)
    {
        IOperation inner = operation.WithoutConversions();
        if (catalogs.Get(inner.Type) is not { } found || inner.Identity() is not { IsKnown: true } identity)
        {
            return false;
        }

        if (catalog is not null && !SymbolEqualityComparer.Default.Equals(catalog.Type, found.Type))
        {
            return false;
        }

        if (tested is not null && !tested.Equals(identity))
        {
            return false;
        }

        catalog = found;
        tested = identity;
        return true;
    }

    private static bool OnlyThrows(IOperation operation)
    {
        while (operation is IBlockOperation { Operations.Length: 1 } block)
        {
            operation = block.Operations[0];
        }

        if (operation is IExpressionStatementOperation statement)
        {
            operation = statement.Operation;
        }

        return operation is IThrowOperation;
    }
}
