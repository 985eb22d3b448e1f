using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NetDrop.Analyzers.Metadata;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// The number of bytes a length expression gives, when the code says it: a constant (folded, so
/// <c>4 * 5</c> and <c>tpacket_auxdata.Size</c> are 20), <c>sizeof(T)</c>, <c>Unsafe.SizeOf&lt;T&gt;()</c>,
/// <c>Marshal.SizeOf&lt;T&gt;()</c>, or a local initialised with one of those (<c>&amp;len</c> of getsockopt).
/// </summary>
internal static class ByteLength
{
    public static int? Of(IOperation operation, NetDropSymbols symbols) => Of(operation, symbols, 0);

    private static int? Of(IOperation operation, NetDropSymbols symbols, int depth)
    {
        if (depth > 3)
        {
            return null;
        }

        if (operation.IntegralConstant() is long constant)
        {
            return constant is >= 0 and <= int.MaxValue ? (int)constant : null;
        }

        operation = operation.WithoutConversions();
        switch (operation)
        {
            case ISizeOfOperation size:
                return TypeSizes.Of(size.TypeOperand, symbols);

            case IInvocationOperation invocation:
                return SizeCall(invocation, symbols);

            case IAddressOfOperation address:
                return Of(address.Reference, symbols, depth + 1);

            case ILocalReferenceOperation local when ValueShape.Initializer(local.Local, local.SemanticModel) is { } initializer:
                return Of(initializer, symbols, depth + 1);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Multiply } binary
                when Of(binary.LeftOperand, symbols, depth + 1) is int left && Of(binary.RightOperand, symbols, depth + 1) is int right:
                return binary.OperatorKind == BinaryOperatorKind.Add ? left + right : left * right;
        }

        return null;
    }

    /// <summary>The type a size call measures (<c>Unsafe.SizeOf&lt;T&gt;()</c>, <c>Marshal.SizeOf(typeof(T))</c>, <c>Marshal.SizeOf(x)</c>).</summary>
    public static ITypeSymbol? MeasuredType(IOperation operation)
    {
        operation = operation.WithoutConversions();
        if (operation is ISizeOfOperation size)
        {
            return size.TypeOperand;
        }

        if (operation is not IInvocationOperation invocation)
        {
            return null;
        }

        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name != "SizeOf")
        {
            return null;
        }

        string? type = method.ContainingType?.ToDisplayString();
        if (type is not ("System.Runtime.CompilerServices.Unsafe" or "System.Runtime.InteropServices.Marshal"))
        {
            return null;
        }

        if (method.TypeArguments.Length == 1 && invocation.Arguments.Length == 0)
        {
            return method.TypeArguments[0];
        }

        if (invocation.Arguments.Length == 1)
        {
            IOperation argument = invocation.Arguments[0].Value.WithoutConversions();
            return argument is ITypeOfOperation typeOf ? typeOf.TypeOperand : argument.Type;
        }

        return null;
    }

    private static int? SizeCall(IInvocationOperation invocation, NetDropSymbols symbols) =>
        MeasuredType(invocation) is { } type ? TypeSizes.Of(type, symbols) : null;
}
