using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NetDrop.Analyzers.Metadata;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// What a condition such as <c>c->cmsg_level == SOL_PACKET &amp;&amp; c->cmsg_type == PACKET_AUXDATA</c>
/// says about the control message in hand: the equality tests joined by <c>&amp;&amp;</c> of a
/// [ControlMessage] constant, of something named like a level (<c>cmsg_level</c>, <c>Level</c>) or of
/// something named like a type (<c>cmsg_type</c>) with constants.
/// </summary>
internal sealed class ControlMessageTest
{
    private readonly SocketSpecIndex _index;
    private int _calls;

    private ControlMessageTest(SocketSpecIndex index) => _index = index;

    public ControlMessageInfo? Message { get; private set; }

    /// <summary>The test of the message constant, or of the type number.</summary>
    public IOperation? TypeTest { get; private set; }

    public IOperation? LevelTest { get; private set; }

    public long? Level { get; private set; }

    public long? Type { get; private set; }

    public static ControlMessageTest? Read(IOperation condition, NetDropSymbols symbols, SocketSpecIndex index)
    {
        var test = new ControlMessageTest(index);
        test.Collect(condition, symbols);
        return test.Message is not null || (test.Level is not null && test.Type is not null) ? test : null;
    }

    private void Collect(IOperation condition, NetDropSymbols symbols)
    {
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                Collect(and.LeftOperand, symbols);
                Collect(and.RightOperand, symbols);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                if (equals.RightOperand.IntegralConstant() is not null)
                {
                    Take(equals, equals.LeftOperand, equals.RightOperand, symbols);
                }
                else if (equals.LeftOperand.IntegralConstant() is not null)
                {
                    Take(equals, equals.RightOperand, equals.LeftOperand, symbols);
                }

                break;
            case IIsPatternOperation { Pattern: IConstantPatternOperation constant } isPattern:
                Take(isPattern, isPattern.Value, constant.Value, symbols);
                break;
            case IInvocationOperation call when _calls == 0 && PredicateBody(call) is { } body:
                // One level of helpers: if (IsAux(c)) reads the test IsAux makes.
                _calls++;
                Collect(body, symbols);
                _calls--;
                break;
            case IIsPatternOperation { Pattern: IRecursivePatternOperation recursive }:
                // *c is { cmsg_level: SOL_PACKET, cmsg_type: PACKET_AUXDATA }
                foreach (IPropertySubpatternOperation property in recursive.PropertySubpatterns)
                {
                    if (property.Pattern is IConstantPatternOperation value)
                    {
                        Take(property, property.Member, value.Value, symbols);
                    }
                }

                break;
        }
    }

    private void Take(IOperation test, IOperation value, IOperation constant, NetDropSymbols symbols)
    {
        if (MessageOf(constant, symbols, _index) is { } message)
        {
            Message = message;
            TypeTest = test;
            return;
        }

        if (value.ReferencedName() is not { } name)
        {
            return;
        }

        string normalized = OperationHelpers.Normalize(name);
        if (normalized.EndsWith("level", System.StringComparison.Ordinal))
        {
            Level = constant.IntegralConstant();
            LevelTest = test;
        }
        else if (normalized.EndsWith("type", System.StringComparison.Ordinal))
        {
            Type = constant.IntegralConstant();
            TypeTest ??= test;
        }
    }

    /// <summary>
    /// The expression a predicate returns, for a method of the same file whose body is one expression
    /// (<c>static bool IsAux(cmsghdr* c) =&gt; c-&gt;cmsg_level == … &amp;&amp; c-&gt;cmsg_type == …</c>) or one return.
    /// </summary>
    public static IOperation? PredicateBody(IInvocationOperation call)
    {
        if (call.SemanticModel is not { } model || call.TargetMethod.ReturnType.SpecialType != SpecialType.System_Boolean
            || call.TargetMethod.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        SyntaxReference reference = call.TargetMethod.DeclaringSyntaxReferences[0];
        if (reference.SyntaxTree != call.Syntax.SyntaxTree)
        {
            return null;
        }

        ExpressionSyntax? returned = Returned(reference.GetSyntax());
        return returned is null ? null : model.GetOperation(returned);
    }

    /// <summary>The one expression a method or local function returns, or null.</summary>
    public static ExpressionSyntax? Returned(SyntaxNode declaration)
    {
        (ArrowExpressionClauseSyntax? arrow, BlockSyntax? body) = declaration switch
        {
            MethodDeclarationSyntax method => (method.ExpressionBody, method.Body),
            LocalFunctionStatementSyntax local => (local.ExpressionBody, local.Body),
            _ => (null, null),
        };
        return arrow?.Expression ?? (body is { Statements.Count: 1 } && body.Statements[0] is ReturnStatementSyntax { Expression: { } expression } ? expression : null);
    }

    /// <summary>
    /// The control message a constant names: a constant with [ControlMessage], or a project's own
    /// constant with a message's C name and number (<c>const int SO_RXQ_OVFL = 40</c>).
    /// </summary>
    public static ControlMessageInfo? MessageOf(IOperation constant, NetDropSymbols symbols, SocketSpecIndex index)
    {
        if (constant.ConstantField() is not { } field)
        {
            return null;
        }

        if (ControlMessageInfo.TryCreate(field, symbols) is { } message)
        {
            return message;
        }

        return index.MessageNamed(field.Name) is { } named && constant.IntegralConstant() == named.Type ? named : null;
    }

    /// <summary>Every operation under the given ones, the ones themselves included.</summary>
    public static IEnumerable<IOperation> Within(IEnumerable<IOperation> regions)
    {
        foreach (IOperation region in regions)
        {
            yield return region;
            foreach (IOperation descendant in region.Descendants())
            {
                yield return descendant;
            }
        }
    }
}
