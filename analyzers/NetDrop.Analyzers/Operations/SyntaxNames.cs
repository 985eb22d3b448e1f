using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetDrop.Analyzers.Operations;

/// <summary>Names read from syntax alone, for the cheap tests that decide whether to bind anything.</summary>
internal static class SyntaxNames
{
    /// <summary>The rightmost name of an expression or type (<c>a.b.Reason</c> → Reason, <c>(x)</c> → x, <c>T?</c> → T).</summary>
    public static string? Rightmost(SyntaxNode? node) => node switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        NullableTypeSyntax nullable => Rightmost(nullable.ElementType),
        ParenthesizedExpressionSyntax parenthesized => Rightmost(parenthesized.Expression),
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang => Rightmost(bang.Operand),
        _ => null,
    };

    /// <summary>The name of the method an invocation calls, as written.</summary>
    public static string? Invoked(InvocationExpressionSyntax invocation) => Rightmost(invocation.Expression);
}
