using System.Collections.Immutable;
using System.Composition;
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
/// ND1004: replaces the wrong size given to CMSG_LEN/CMSG_SPACE with the generated constant that holds
/// the payload's size (AfPacketControlMessages.PayloadSize.PACKET_AUXDATA), so the size follows the spec.
/// Offered only when the analyzer found such a constant.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseControlMessageSizeConstantCodeFix)), Shared]
public sealed class UseControlMessageSizeConstantCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "NetDrop.UseControlMessageSizeConstant";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ControlMessageSize.Id);

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
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.SizeConstant, out string? constant) || constant is null)
            {
                continue;
            }

            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
            {
                continue;
            }

            ExpressionSyntax? size = node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression;
            if (size is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Use the spec's payload size", ct => FixAsync(context.Document, size, constant, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, ExpressionSyntax size, string constant, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        ExpressionSyntax replacement = SyntaxFactory.ParseExpression(constant)
            .WithTriviaFrom(size)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(size, replacement));
    }
}
