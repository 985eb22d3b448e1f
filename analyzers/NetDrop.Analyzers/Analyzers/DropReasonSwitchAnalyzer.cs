using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
/// ND1001: a switch statement or expression over a drop-reason catalogue that neither handles every
/// reason nor has a default arm. ND1002 (info): the reasons a default arm takes. A reason counts as
/// handled by an arm without a <c>when</c> clause; a switch with a pattern the analyzer cannot read is
/// left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DropReasonSwitchAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnhandledDropReason, DiagnosticDescriptors.ReasonsInDefaultArm);

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

            // Only switches get a semantic look; a body without one is never bound for this analyzer. A
            // switch whose labels are a project's own constants (const DropReason Firewall = …) is bound
            // when its file names a catalogue somewhere.
            var mentioning = new ConcurrentDictionary<SyntaxTree, bool>();
            bool Mentions(SyntaxTree tree) => mentioning.GetOrAdd(tree, t => NamesCatalog(new[] { t.GetRoot() }, data));
            start.RegisterSyntaxNodeAction(c =>
            {
                var statement = (SwitchStatementSyntax)c.Node;
                if ((NamesCatalog(statement.Sections.SelectMany(s => s.Labels), data) || Mentions(statement.SyntaxTree))
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is ISwitchOperation operation)
                {
                    AnalyzeStatement(c.ReportDiagnostic, operation, data.Catalogs);
                }
            }, SyntaxKind.SwitchStatement);
            start.RegisterSyntaxNodeAction(c =>
            {
                var expression = (SwitchExpressionSyntax)c.Node;
                if ((NamesCatalog(expression.Arms.Select(a => a.Pattern), data) || Mentions(expression.SyntaxTree))
                    && c.SemanticModel.GetOperation(c.Node, c.CancellationToken) is ISwitchExpressionOperation operation)
                {
                    AnalyzeExpression(c.ReportDiagnostic, operation, data.Catalogs);
                }
            }, SyntaxKind.SwitchExpression);
        });
    }

    /// <summary>
    /// Whether a case label or arm names a catalogue enum (<c>DropReason.NoSocket</c>): a switch over
    /// reasons names them, and a switch that does not is never bound for this analyzer.
    /// </summary>
    private static bool NamesCatalog(IEnumerable<SyntaxNode> labels, CompilationData data)
    {
        foreach (SyntaxNode label in labels)
        {
            foreach (SyntaxNode node in label.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && data.Names.Catalogs.Contains(identifier.Identifier.ValueText))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AnalyzeStatement(Action<Diagnostic> report, ISwitchOperation switchOperation, CatalogCache catalogs)
    {
        if (catalogs.Get(switchOperation.Value.Type) is not { } catalog)
        {
            return;
        }

        bool[] covered = ReasonCoverage.None(catalog);
        SyntaxNode? defaultArm = null;
        foreach (ISwitchCaseOperation section in switchOperation.Cases)
        {
            foreach (ICaseClauseOperation clause in section.Clauses)
            {
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        defaultArm = clause.Syntax;
                        break;
                    case ISingleValueCaseClauseOperation single:
                        if (ReasonCoverage.Constant(single.Value, catalog) is not { } value)
                        {
                            return;
                        }

                        ReasonCoverage.Add(covered, value);
                        break;
                    case IPatternCaseClauseOperation pattern:
                        if (ReasonCoverage.Of(pattern.Pattern, catalog) is not { } matched)
                        {
                            return;
                        }

                        if (pattern.Guard is null)
                        {
                            Take(covered, matched, pattern.Pattern, ref defaultArm);
                        }

                        break;
                    default:
                        return;
                }
            }
        }

        SwitchStatementSyntax syntax = (SwitchStatementSyntax)switchOperation.Syntax;
        int end = syntax.CloseParenToken.IsMissing ? syntax.Expression.Span.End : syntax.CloseParenToken.Span.End;
        Report(report, catalog, covered, defaultArm, Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SwitchKeyword.SpanStart, end)));
    }

    private static void AnalyzeExpression(Action<Diagnostic> report, ISwitchExpressionOperation switchOperation, CatalogCache catalogs)
    {
        if (catalogs.Get(switchOperation.Value.Type) is not { } catalog)
        {
            return;
        }

        bool[] covered = ReasonCoverage.None(catalog);
        SyntaxNode? defaultArm = null;
        foreach (ISwitchExpressionArmOperation arm in switchOperation.Arms)
        {
            if (ReasonCoverage.Of(arm.Pattern, catalog) is not { } matched)
            {
                return;
            }

            if (arm.Guard is null)
            {
                Take(covered, matched, arm.Pattern, ref defaultArm);
            }
        }

        SwitchExpressionSyntax syntax = (SwitchExpressionSyntax)switchOperation.Syntax;
        Report(report, catalog, covered, defaultArm, Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.GoverningExpression.SpanStart, syntax.SwitchKeyword.Span.End)));
    }

    /// <summary>
    /// Adds an arm's reasons to the handled ones, unless it is a default arm: one that matches whatever
    /// is left without naming reasons (a discard, <c>var x</c>, a type pattern, <c>not X</c>), which
    /// would also take a reason added to the spec later.
    /// </summary>
    private static void Take(bool[] covered, bool[] matched, IPatternOperation pattern, ref SyntaxNode? defaultArm)
    {
        bool takesRest = true;
        for (int i = 0; i < matched.Length && takesRest; i++)
        {
            takesRest = matched[i] || covered[i];
        }

        if (takesRest && pattern is not (IConstantPatternOperation or IBinaryPatternOperation or IRelationalPatternOperation))
        {
            defaultArm ??= pattern.Syntax;
            return;
        }

        ReasonCoverage.Add(covered, matched);
    }

    private static void Report(Action<Diagnostic> report, DropReasonCatalogInfo catalog, bool[] covered, SyntaxNode? defaultArm, Location switchLocation)
    {
        List<DropReasonMember> missing = ReasonCoverage.Missing(covered, catalog);
        if (missing.Count == 0)
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticProperties.MissingReasons, ReasonCoverage.Groups(missing));
        string count = OperationHelpers.Invariant(missing.Count);
        if (defaultArm is null)
        {
            report(Diagnostic.Create(DiagnosticDescriptors.UnhandledDropReason, switchLocation, properties, catalog.Type.Name, count, ReasonCoverage.Names(missing)));
        }
        else
        {
            Location location = defaultArm is DefaultSwitchLabelSyntax label ? label.Keyword.GetLocation() : defaultArm.GetLocation();
            report(Diagnostic.Create(DiagnosticDescriptors.ReasonsInDefaultArm, location, properties, catalog.Type.Name, count, ReasonCoverage.Names(missing)));
        }
    }
}
