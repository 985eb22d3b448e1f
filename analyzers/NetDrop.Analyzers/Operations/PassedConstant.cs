using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// The constant a value argument carries, through the ways code passes a scalar as bytes:
/// <c>&amp;version</c>, <c>ref version</c>, <c>new Span&lt;int&gt;(ref version)</c>,
/// <c>MemoryMarshal.AsBytes(…)</c>, <c>MemoryMarshal.CreateSpan(ref version, 1)</c>,
/// <c>BitConverter.GetBytes(2)</c>, with a local followed to its initial value.
/// </summary>
internal static class PassedConstant
{
    public static long? Of(IOperation operation) => Of(operation, 0);

    private static long? Of(IOperation operation, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        if (operation.IntegralConstant() is long constant)
        {
            return constant;
        }

        operation = operation.WithoutConversions();
        switch (operation)
        {
            case IAddressOfOperation address:
                return Of(address.Reference, depth + 1);
            case ILocalReferenceOperation local when ValueShape.Initializer(local.Local, local.SemanticModel) is { } initializer:
                return Of(initializer, depth + 1);
            case IObjectCreationOperation { Arguments.Length: 1 } creation when ValueShape.IsSpan(creation.Type, out _):
                return Of(creation.Arguments[0].Value, depth + 1);
            case IInvocationOperation invocation when invocation.Arguments.Length >= 1 && IsByteView(invocation.TargetMethod):
                return Of(invocation.Arguments[0].Value, depth + 1);
        }

        return null;
    }

    private static bool IsByteView(IMethodSymbol method)
    {
        string? type = method.ContainingType?.ToDisplayString();
        return (type == "System.Runtime.InteropServices.MemoryMarshal" && method.Name is "AsBytes" or "CreateSpan" or "CreateReadOnlySpan")
            || (type == "System.BitConverter" && method.Name == "GetBytes");
    }
}
