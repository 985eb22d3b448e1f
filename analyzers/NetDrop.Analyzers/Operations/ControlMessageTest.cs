using System.Collections.Generic;
using Microsoft.CodeAnalysis;
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
    public ControlMessageInfo? Message { get; private set; }

    /// <summary>The test of the message constant, or of the type number.</summary>
    public IOperation? TypeTest { get; private set; }

    public IOperation? LevelTest { get; private set; }

    public long? Level { get; private set; }

    public long? Type { get; private set; }

    public static ControlMessageTest? Read(IOperation condition, NetDropSymbols symbols)
    {
        var test = new ControlMessageTest();
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
        }
    }

    private void Take(IOperation test, IOperation value, IOperation constant, NetDropSymbols symbols)
    {
        if (constant.ConstantField() is { } field && ControlMessageInfo.TryCreate(field, symbols) is { } message)
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
