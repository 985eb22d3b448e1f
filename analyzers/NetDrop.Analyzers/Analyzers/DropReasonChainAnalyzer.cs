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
/// variable, and a final else that only throws a new exception; or the same tests as early exits
/// (<c>if (r == A) return …; if (r == B) return …; throw …;</c>). A chain without a final throw, with one
/// that does anything else, or whose end is <c>throw;</c> in a catch (rethrowing what was caught, not
/// calling a reason impossible), is a chain that handles some reasons on purpose.
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
                if (c.Node is not IfStatementSyntax head || head.Parent is ElseClauseSyntax)
                {
                    return;
                }

                if (HasChainShape(head))
                {
                    if (c.SemanticModel.GetOperation(head, c.CancellationToken) is IConditionalOperation operation)
                    {
                        Analyze(c.ReportDiagnostic, operation, data.Catalogs);
                    }
                }
                else if (NamesCatalog(head.Condition, data) && EarlyExits(head) is { } exits)
                {
                    var operations = new List<IConditionalOperation>(exits.Count);
                    foreach (IfStatementSyntax exit in exits)
                    {
                        if (c.SemanticModel.GetOperation(exit, c.CancellationToken) is not IConditionalOperation operation)
                        {
                            return;
                        }

                        operations.Add(operation);
                    }

                    AnalyzeEarlyExits(c.ReportDiagnostic, head, operations, data.Catalogs);
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

        return tests >= 2 && last is ThrowStatementSyntax { Expression: not null } or ExpressionStatementSyntax { Expression: ThrowExpressionSyntax };
    }

    /// <summary>Cheap test before the early-exit walk: the first condition names a catalogue (<c>DropReason.NoSocket</c>).</summary>
    private static bool NamesCatalog(ExpressionSyntax condition, CompilationData data)
    {
        foreach (SyntaxNode node in condition.DescendantNodesAndSelf())
        {
            if (node is IdentifierNameSyntax identifier && data.Names.Catalogs.Contains(identifier.Identifier.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The ifs of <c>if (…) return …; if (…) return …; throw …;</c> when <paramref name="head"/> is the
    /// first of them: ifs with no final else whose every branch leaves, then a throw of a new exception.
    /// </summary>
    private static List<IfStatementSyntax>? EarlyExits(IfStatementSyntax head)
    {
        if (head.Parent is not BlockSyntax block || !Exits(head))
        {
            return null;
        }

        int at = block.Statements.IndexOf(head);
        if (at > 0 && block.Statements[at - 1] is IfStatementSyntax previous && Exits(previous))
        {
            return null;
        }

        var ifs = new List<IfStatementSyntax>();
        int tests = 0;
        for (int i = at; i < block.Statements.Count; i++)
        {
            switch (block.Statements[i])
            {
                case IfStatementSyntax exit when Exits(exit):
                    ifs.Add(exit);
                    for (IfStatementSyntax? link = exit; link is not null; link = link.Else?.Statement as IfStatementSyntax)
                    {
                        tests++;
                    }

                    break;
                case ThrowStatementSyntax { Expression: not null }:
                    return tests >= 2 ? ifs : null;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>An if (with else-ifs, no final else) every branch of which ends in return, throw, break or continue.</summary>
    private static bool Exits(IfStatementSyntax statement)
    {
        for (IfStatementSyntax? link = statement; link is not null; link = link.Else?.Statement as IfStatementSyntax)
        {
            StatementSyntax body = link.Statement;
            while (body is BlockSyntax { Statements.Count: > 0 } block)
            {
                body = block.Statements[block.Statements.Count - 1];
            }

            if (body is not (ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax))
            {
                return false;
            }

            if (link.Else is { Statement: not IfStatementSyntax })
            {
                return false;
            }
        }

        return true;
    }

    private static void AnalyzeEarlyExits(Action<Diagnostic> report, IfStatementSyntax headSyntax, List<IConditionalOperation> exits, CatalogCache catalogs)
    {
        DropReasonCatalogInfo? catalog = null;
        VariableIdentity? tested = null;
        bool[]? covered = null;
        foreach (IConditionalOperation exit in exits)
        {
            IOperation? current = exit;
            while (current is IConditionalOperation conditional)
            {
                if (!Tests(conditional.Condition, catalogs, ref catalog, ref tested, ref covered))
                {
                    return;
                }

                current = conditional.WhenFalse;
            }
        }

        if (catalog is not null && covered is not null)
        {
            ReportMissing(report, headSyntax, catalog, covered);
        }
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

        ReportMissing(report, headSyntax, catalog, covered);
    }

    private static void ReportMissing(Action<Diagnostic> report, IfStatementSyntax headSyntax, DropReasonCatalogInfo catalog, bool[] covered)
    {
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

        // `throw;` passes on what a catch caught; it says nothing about the reasons.
        return operation is IThrowOperation { Exception: not null };
    }
}
