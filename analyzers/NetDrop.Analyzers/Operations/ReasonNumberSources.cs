using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NetDrop.Analyzers.Metadata;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// Where kernel drop-reason numbers come from: members marked [KernelReasonNumber]
/// (<c>KfreeSkbRecord.ReasonNumber</c>), and locals every write of which is one of those. A value is a
/// kernel reason number because of where it comes from, never because of its name.
/// </summary>
internal sealed class ReasonNumberSources
{
    // A local assigned from a local assigned from a record is followed; deeper chains are not.
    private const int MaxDepth = 3;

    private readonly NetDropSymbols _symbols;
    private readonly System.Lazy<HashSet<string>> _memberNames;
    private readonly ConcurrentDictionary<SyntaxTree, bool> _treesMentioning = new();

    private readonly Compilation _compilation;

    public ReasonNumberSources(Compilation compilation, NetDropSymbols symbols)
    {
        _compilation = compilation;
        _symbols = symbols;
        _memberNames = new System.Lazy<HashSet<string>>(FindMemberNames, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Cheap syntax test before binding: a cast, a member with a marked name (<c>ReasonNumber</c>), or a
    /// plain local in a file that names such a member somewhere.
    /// </summary>
    public bool MayBeNumber(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        if (expression is CastExpressionSyntax)
        {
            return true;
        }

        if (_symbols.KernelReasonNumber is null)
        {
            return false;
        }

        if (SyntaxNames.Rightmost(expression) is { } name && _memberNames.Value.Contains(name))
        {
            return true;
        }

        return expression is IdentifierNameSyntax && _treesMentioning.GetOrAdd(expression.SyntaxTree, Mentions);
    }

    /// <summary>True when the value provably comes from a [KernelReasonNumber] member.</summary>
    public bool IsKernelNumber(IOperation value) => IsKernelNumber(value, 0);

    private bool IsKernelNumber(IOperation value, int depth)
    {
        if (depth > MaxDepth || _symbols.KernelReasonNumber is null)
        {
            return false;
        }

        return value.WithoutConversions() switch
        {
            IPropertyReferenceOperation property => Marked(property.Property),
            IFieldReferenceOperation field => Marked(field.Field),
            IInvocationOperation invocation => Marked(invocation.TargetMethod),
            IConditionalAccessOperation access => IsKernelNumber(access.WhenNotNull, depth),
            ILocalReferenceOperation local => EveryWriteIsKernelNumber(local, depth),
            _ => false,
        };
    }

    private bool Marked(ISymbol symbol) => NetDropSymbols.Find(symbol.OriginalDefinition, _symbols.KernelReasonNumber) is not null;

    /// <summary>Every value the local is given in its method is a kernel reason number; a local passed by reference is not followed.</summary>
    private bool EveryWriteIsKernelNumber(ILocalReferenceOperation reference, int depth)
    {
        IOperation root = reference;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        ILocalSymbol local = reference.Local;
        int writes = 0;
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.Initializer is null && declarator.GetVariableInitializer() is null)
                    {
                        continue;
                    }

                    IOperation? initial = declarator.GetVariableInitializer()?.Value;
                    if (initial is null || !IsKernelNumber(initial, depth + 1))
                    {
                        return false;
                    }

                    writes++;
                    break;
                case ISimpleAssignmentOperation assignment when IsLocal(assignment.Target, local):
                    if (!IsKernelNumber(assignment.Value, depth + 1))
                    {
                        return false;
                    }

                    writes++;
                    break;
                case ICompoundAssignmentOperation compound when IsLocal(compound.Target, local):
                    return false;
                case IIncrementOrDecrementOperation step when IsLocal(step.Target, local):
                    return false;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when IsLocal(argument.Value, local):
                    return false;
                case IDeclarationExpressionOperation declaration when declaration.Expression is ILocalReferenceOperation declared && SymbolEqualityComparer.Default.Equals(declared.Local, local):
                    return false;
            }
        }

        return writes > 0;
    }

    private static bool IsLocal(IOperation target, ILocalSymbol local) =>
        target is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private bool Mentions(SyntaxTree tree)
    {
        HashSet<string> names = _memberNames.Value;
        foreach (SyntaxToken token in tree.GetRoot().DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The names of the marked members, read once from the assembly that defines the attribute and from the project's own.</summary>
    private HashSet<string> FindMemberNames()
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        if (_symbols.KernelReasonNumber is { } attribute)
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.ContainingAssembly, _compilation.Assembly))
            {
                Walk(attribute.ContainingAssembly.GlobalNamespace, names);
            }

            // The project's own marked members, found in syntax: binding every member's attributes
            // would cost more than the whole analysis.
            foreach (SyntaxTree tree in _compilation.SyntaxTrees)
            {
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    if (node is MemberDeclarationSyntax { AttributeLists.Count: > 0 } member && Named(member) is { } name && HasMarker(member))
                    {
                        names.Add(name);
                    }
                }
            }
        }

        return names;
    }

    private static string? Named(MemberDeclarationSyntax member) => member switch
    {
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        FieldDeclarationSyntax field when field.Declaration.Variables.Count == 1 => field.Declaration.Variables[0].Identifier.ValueText,
        _ => null,
    };

    private static bool HasMarker(MemberDeclarationSyntax member)
    {
        foreach (AttributeListSyntax list in member.AttributeLists)
        {
            foreach (AttributeSyntax attribute in list.Attributes)
            {
                if (SyntaxNames.Rightmost(attribute.Name) is "KernelReasonNumber" or "KernelReasonNumberAttribute")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void Walk(INamespaceOrTypeSymbol container, HashSet<string> names)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceOrTypeSymbol nested:
                    Walk(nested, names);
                    break;
                case IPropertySymbol or IFieldSymbol or IMethodSymbol when Marked(member):
                    names.Add(member.Name);
                    break;
            }
        }
    }
}
