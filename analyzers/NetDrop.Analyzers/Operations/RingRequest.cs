using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// A ring request that removes the ring: packet_set_ring frees the ring when tp_block_nr is 0, and the
/// options that must precede a ring can be set again. Recognised when the method says so in the code:
/// the request's local gets <c>tp_block_nr = 0</c> (assigned or in its initializer) and no other block count.
/// </summary>
internal static class RingRequest
{
    private const string BlockCount = "tp_block_nr";

    public static bool Removes(SocketOptionCall call)
    {
        if (call.ValueArgument?.Value is not { } value)
        {
            return false;
        }

        value = value.WithoutConversions();
        if (value is IAddressOfOperation address)
        {
            value = address.Reference.WithoutConversions();
        }

        if (value is not ILocalReferenceOperation reference)
        {
            return false;
        }

        IOperation root = call.Invocation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        bool zero = false;
        foreach (IOperation operation in root.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Field.Name: BlockCount } field } assignment
                && Targets(field.Instance, reference.Local))
            {
                if (assignment.Value.IntegralConstant() != 0)
                {
                    return false;
                }

                zero = true;
            }
        }

        return zero;
    }

    /// <summary>The local itself, or the object initializer of the local's declaration (<c>new tpacket_req { tp_block_nr = 0 }</c>).</summary>
    private static bool Targets(IOperation? instance, ILocalSymbol local)
    {
        if (instance is ILocalReferenceOperation target)
        {
            return SymbolEqualityComparer.Default.Equals(target.Local, local);
        }

        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            for (IOperation? parent = instance.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IVariableDeclaratorOperation declarator)
                {
                    return SymbolEqualityComparer.Default.Equals(declarator.Symbol, local);
                }
            }
        }

        return false;
    }
}
