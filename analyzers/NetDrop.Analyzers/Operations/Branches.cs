using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetDrop.Analyzers.Operations;

/// <summary>Whether two statements of a method can both run in one pass through it.</summary>
internal static class Branches
{
    /// <summary>
    /// True when one node is in the then-branch and the other in the else-branch of the same
    /// <c>if</c>, or in different sections of the same <c>switch</c>: then "one after the other" in the
    /// text does not mean one after the other at run time.
    /// </summary>
    public static bool Exclusive(SyntaxNode first, SyntaxNode second)
    {
        for (SyntaxNode? node = first.Parent; node is not null; node = node.Parent)
        {
            if (node is IfStatementSyntax { Else: { } elseClause } ifStatement)
            {
                bool firstInThen = ifStatement.Statement.Span.Contains(first.Span);
                bool secondInThen = ifStatement.Statement.Span.Contains(second.Span);
                bool firstInElse = elseClause.Span.Contains(first.Span);
                bool secondInElse = elseClause.Span.Contains(second.Span);
                if ((firstInThen && secondInElse) || (firstInElse && secondInThen))
                {
                    return true;
                }
            }
            else if (node is SwitchSectionSyntax section && node.Parent is SwitchStatementSyntax switchStatement
                && switchStatement.Span.Contains(second.Span) && !section.Span.Contains(second.Span))
            {
                foreach (SwitchSectionSyntax other in switchStatement.Sections)
                {
                    if (other != section && other.Span.Contains(second.Span))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
