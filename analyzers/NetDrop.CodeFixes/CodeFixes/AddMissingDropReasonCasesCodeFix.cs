using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using NetDrop.Analyzers.Descriptors;

namespace NetDrop.CodeFixes.CodeFixes;

/// <summary>
/// ND1001: adds the reasons a switch misses, one section (statement) or one block of arms (expression)
/// per subsystem, in enum order. A statement's new section only breaks, which keeps what the switch did
/// before (the reasons fell through it); an expression's new arms throw NotImplementedException, where
/// they threw SwitchExpressionException. ND1002: writes the reasons a default section takes as case
/// labels of that section, so the switch reads as what it does.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMissingDropReasonCasesCodeFix)), Shared]
public sealed class AddMissingDropReasonCasesCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "NetDrop.AddMissingDropReasonCases";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnhandledDropReason.Id, DiagnosticDescriptors.ReasonsInDefaultArm.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.MissingReasons, out string? groups) || string.IsNullOrEmpty(groups))
            {
                continue;
            }

            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            bool toDefault = diagnostic.Id == DiagnosticDescriptors.ReasonsInDefaultArm.Id;
            // The switch the diagnostic is about is the nearest one. Only a `default:` label has a section
            // to list reasons in: a switch expression's default arm (the enclosing statement's is another
            // switch) and a catch-all pattern (`case var x:`) get no fix.
            SyntaxNode? target = node.AncestorsAndSelf().FirstOrDefault(n => n is SwitchStatementSyntax or SwitchExpressionSyntax);
            if (target is null || (toDefault && (target is SwitchExpressionSyntax || node.FirstAncestorOrSelf<DefaultSwitchLabelSyntax>() is null)))
            {
                continue;
            }

            string title = toDefault ? "List the reasons the default section takes" : "Add the missing drop reasons";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixAsync(context.Document, target, groups!, toDefault, ct), EquivalenceKey + (toDefault ? ".Default" : string.Empty)),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, SyntaxNode target, string groups, bool toDefault, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null)
        {
            return document;
        }

        ExpressionSyntax governing = target is SwitchStatementSyntax statement ? statement.Expression : ((SwitchExpressionSyntax)target).GoverningExpression;
        ITypeSymbol? type = model.GetTypeInfo(governing, cancellationToken).Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is null)
        {
            return document;
        }

        // Names as short as they bind at the switch, worked out once: a Simplifier annotation on each of
        // a hundred members made the fix take seconds (each is bound again speculatively).
        string enumType = type.ToMinimalDisplayString(model, target.SpanStart);
        List<(string Subsystem, List<string> Members)> parsed = Parse(groups);
        SyntaxTrivia newLine = NewLine(root);
        SyntaxNode replacement = target switch
        {
            SwitchStatementSyntax s when toDefault => ListInDefault(s, enumType, parsed, newLine),
            SwitchStatementSyntax s => AddSections(s, enumType, parsed, newLine),
            SwitchExpressionSyntax e => AddArms(e, enumType, MinimalName(model, "System.NotImplementedException", target.SpanStart), parsed, newLine),
            _ => target,
        };
        // The new nodes carry elastic trivia, which the code action's cleanup formats; a Formatter annotation
        // on the whole switch formatted every arm again and took seconds on a switch of a hundred reasons.
        return document.WithSyntaxRoot(root.ReplaceNode(target, replacement));
    }

    private static SwitchStatementSyntax AddSections(SwitchStatementSyntax statement, string enumType, List<(string Subsystem, List<string> Members)> groups, SyntaxTrivia newLine)
    {
        var sections = new List<SwitchSectionSyntax>();
        foreach ((string subsystem, List<string> members) in groups)
        {
            SyntaxList<SwitchLabelSyntax> labels = SyntaxFactory.List<SwitchLabelSyntax>(members.Select(m => SyntaxFactory.CaseSwitchLabel(Member(enumType, m))));
            labels = labels.Replace(labels[0], labels[0].WithLeadingTrivia(Comment(subsystem, newLine)));
            sections.Add(SyntaxFactory.SwitchSection(labels, SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.BreakStatement())));
        }

        return statement.AddSections(sections.ToArray());
    }

    private static SwitchStatementSyntax ListInDefault(SwitchStatementSyntax statement, string enumType, List<(string Subsystem, List<string> Members)> groups, SyntaxTrivia newLine)
    {
        SwitchSectionSyntax? section = statement.Sections.FirstOrDefault(s => s.Labels.Any(l => l is DefaultSwitchLabelSyntax));
        if (section is null)
        {
            return statement;
        }

        var labels = new List<SwitchLabelSyntax>();
        foreach ((string subsystem, List<string> members) in groups)
        {
            bool first = true;
            foreach (string member in members)
            {
                SwitchLabelSyntax label = SyntaxFactory.CaseSwitchLabel(Member(enumType, member));
                labels.Add(first ? label.WithLeadingTrivia(Comment(subsystem, newLine)) : label);
                first = false;
            }
        }

        int at = section.Labels.IndexOf(l => l is DefaultSwitchLabelSyntax);
        SyntaxList<SwitchLabelSyntax> updated = section.Labels.InsertRange(at, labels);
        return statement.ReplaceNode(section, section.WithLabels(updated));
    }

    private static SwitchExpressionSyntax AddArms(SwitchExpressionSyntax expression, string enumType, string notImplementedType, List<(string Subsystem, List<string> Members)> groups, SyntaxTrivia newLine)
    {
        var arms = new List<SwitchExpressionArmSyntax>(expression.Arms);
        ExpressionSyntax notImplemented = SyntaxFactory.ThrowExpression(
            SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName(notImplementedType))
                .WithArgumentList(SyntaxFactory.ArgumentList()));
        foreach ((string subsystem, List<string> members) in groups)
        {
            bool first = true;
            foreach (string member in members)
            {
                SwitchExpressionArmSyntax arm = SyntaxFactory.SwitchExpressionArm(SyntaxFactory.ConstantPattern(Member(enumType, member)), notImplemented);
                arms.Add(first ? arm.WithLeadingTrivia(Comment(subsystem, newLine)) : arm);
                first = false;
            }
        }

        // Without a catch-all arm the compiler warns (CS8524) about the values the enum does not name; the
        // discard keeps what those values did before the fix: throw SwitchExpressionException.
        if (!expression.Arms.Any(IsCatchAll))
        {
            arms.Add(SyntaxFactory.SwitchExpressionArm(SyntaxFactory.DiscardPattern(), Unmatched(expression.GoverningExpression)));
        }

        // The arms there were keep their commas; each new one gets a comma and the file's line ending.
        var separators = new List<SyntaxToken>(expression.Arms.GetSeparators());
        while (separators.Count < arms.Count)
        {
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(newLine));
        }

        return expression.WithArms(SyntaxFactory.SeparatedList(arms, separators));
    }

    private static bool IsCatchAll(SwitchExpressionArmSyntax arm) =>
        arm.WhenClause is null && arm.Pattern is DiscardPatternSyntax or VarPatternSyntax { Designation: not ParenthesizedVariableDesignationSyntax } or DeclarationPatternSyntax { Type: IdentifierNameSyntax { Identifier.ValueText: "var" } };

    // The exception the compiler's own unmatched arm throws. The value goes in only when reading it again
    // has no effect (a name or a member of one); a call is not evaluated twice.
    private static ThrowExpressionSyntax Unmatched(ExpressionSyntax governing)
    {
        bool plain = governing.DescendantNodesAndSelf().All(n => n is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax);
        ArgumentListSyntax arguments = plain
            ? SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(governing.WithoutTrivia())))
            : SyntaxFactory.ArgumentList();
        return SyntaxFactory.ThrowExpression(
            SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName("global::System.Runtime.CompilerServices.SwitchExpressionException").WithAdditionalAnnotations(Simplifier.Annotation))
                .WithArgumentList(arguments));
    }

    // Parsed as one expression, so the type's name is member access as the compiler reads it back (a
    // type name under a member access is a tree no parser makes).
    private static ExpressionSyntax Member(string enumType, string member) =>
        SyntaxFactory.ParseExpression(enumType + "." + member);

    private static string MinimalName(SemanticModel model, string metadataName, int position) =>
        model.Compilation.GetTypeByMetadataName(metadataName)?.ToMinimalDisplayString(model, position) ?? "global::" + metadataName;

    private static SyntaxTriviaList Comment(string subsystem, SyntaxTrivia newLine) => string.IsNullOrEmpty(subsystem)
        ? SyntaxFactory.TriviaList()
        : SyntaxFactory.TriviaList(SyntaxFactory.Comment("// " + subsystem), newLine);

    /// <summary>The line ending the file already uses, so a fix never mixes LF and CRLF in one file.</summary>
    private static SyntaxTrivia NewLine(SyntaxNode root)
    {
        SyntaxTrivia existing = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.ElasticEndOfLine(existing.ToString()) : SyntaxFactory.ElasticCarriageReturnLineFeed;
    }

    /// <summary>Reads <c>core:A,B;openvswitch:C</c> back into groups.</summary>
    private static List<(string Subsystem, List<string> Members)> Parse(string groups)
    {
        var result = new List<(string, List<string>)>();
        foreach (string group in groups.Split(';'))
        {
            int colon = group.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            result.Add((group.Substring(0, colon), group.Substring(colon + 1).Split(',').Where(m => m.Length > 0).ToList()));
        }

        return result;
    }
}
