using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NetDrop.Analyzers.Metadata;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// What a buffer argument holds, as far as the code says: the type its bytes are a view of
/// (<c>&amp;x</c>, <c>MemoryMarshal.AsBytes(new Span&lt;T&gt;(ref x))</c>, <c>BitConverter.GetBytes(x)</c>,
/// a <c>ref T</c> argument) and its length in bytes when that is known.
/// </summary>
internal readonly struct ValueShape
{
    public ValueShape(ITypeSymbol? type, int? length)
    {
        Type = type;
        Length = length;
    }

    /// <summary>The type of the value the bytes hold, or null (raw bytes, or unknown).</summary>
    public ITypeSymbol? Type { get; }

    /// <summary>The length in bytes, or null when unknown.</summary>
    public int? Length { get; }

    public bool IsKnown => Type is not null || Length is not null;

    public static ValueShape Of(IArgumentOperation argument, NetDropSymbols symbols)
    {
        // A wrapper's `in T value` or `ref T value`: the value is the argument itself.
        if (argument.Parameter is { RefKind: not RefKind.None } && argument.Value.Type is { } refType && !IsByteBuffer(refType))
        {
            return new ValueShape(refType, TypeSizes.Of(refType, symbols));
        }

        return Of(argument.Value, symbols, depth: 0);
    }

    public static ValueShape Of(IOperation operation, NetDropSymbols symbols, int depth)
    {
        if (depth > 3)
        {
            return default;
        }

        operation = operation.WithoutConversions();
        switch (operation)
        {
            case IAddressOfOperation address when address.Reference.Type is { } pointee:
                return Typed(pointee, symbols);

            case IObjectCreationOperation creation when IsSpan(creation.Type, out ITypeSymbol? element):
                return FromSpanCreation(creation, element!, symbols);

            case IInvocationOperation invocation:
                return FromInvocation(invocation, symbols, depth);

            case ILocalReferenceOperation local:
                return FromVariable(local.Local.Type, local.Local, local.SemanticModel, symbols, depth);

            case IParameterReferenceOperation parameter:
                return FromVariable(parameter.Parameter.Type, null, null, symbols, depth);

            case IFieldReferenceOperation field:
                return FromVariable(field.Field.Type, null, null, symbols, depth);

            case IArrayCreationOperation array when array.DimensionSizes.Length == 1 && array.DimensionSizes[0].IntegralConstant() is long count && array.Type is IArrayTypeSymbol arrayType:
                return ElementsOf(arrayType.ElementType, count, symbols);
        }

        // stackalloc has no public operation; read its syntax.
        if (operation.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } stackType }
            && stackType.RankSpecifiers[0].Sizes.Count == 1
            && operation.SemanticModel is { } model)
        {
            ExpressionSyntax size = stackType.RankSpecifiers[0].Sizes[0];
            ITypeSymbol? element = model.GetTypeInfo(stackType.ElementType).Type;
            if (element is not null && model.GetConstantValue(size).Value is int count)
            {
                return ElementsOf(element, count, symbols);
            }
        }

        return operation.Type is { } type && !IsByteBuffer(type) && !IsSpan(type, out _) && type.TypeKind != TypeKind.Pointer && operation.Type.SpecialType != SpecialType.System_Object
            ? Typed(type, symbols)
            : default;
    }

    private static ValueShape FromInvocation(IInvocationOperation invocation, NetDropSymbols symbols, int depth)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string? type = method.ContainingType?.ToDisplayString();
        switch (type)
        {
            case "System.Runtime.InteropServices.MemoryMarshal" when method.Name == "AsBytes" && method.TypeArguments.Length == 1 && invocation.Arguments.Length == 1:
            {
                ValueShape inner = Of(invocation.Arguments[0].Value, symbols, depth + 1);
                return new ValueShape(method.TypeArguments[0], inner.Length);
            }

            case "System.Runtime.InteropServices.MemoryMarshal" when method.Name is "CreateSpan" or "CreateReadOnlySpan" && method.TypeArguments.Length == 1 && invocation.Arguments.Length == 2:
                return invocation.Arguments[1].Value.IntegralConstant() is long count
                    ? ElementsOf(method.TypeArguments[0], count, symbols)
                    : new ValueShape(method.TypeArguments[0], null);

            case "System.Runtime.InteropServices.MemoryMarshal" when method.Name == "Cast" && method.TypeArguments.Length == 2:
                return new ValueShape(method.TypeArguments[0], null);

            case "System.BitConverter" when method.Name == "GetBytes" && method.Parameters.Length == 1:
                return Typed(method.Parameters[0].Type, symbols);
        }

        return default;
    }

    private static ValueShape FromVariable(ITypeSymbol type, ILocalSymbol? local, SemanticModel? model, NetDropSymbols symbols, int depth)
    {
        if (type is IPointerTypeSymbol pointer)
        {
            return new ValueShape(pointer.PointedAtType, null);
        }

        if (IsSpan(type, out ITypeSymbol? element) && !IsByte(element!))
        {
            return new ValueShape(element, null);
        }

        if (type is IArrayTypeSymbol { ElementType: var arrayElement } && !IsByte(arrayElement))
        {
            return new ValueShape(arrayElement, null);
        }

        // A byte buffer: its length, when the local was made with a constant size.
        if (local is not null && IsByteBuffer(type) && Initializer(local, model) is { } initializer)
        {
            return Of(initializer, symbols, depth + 1);
        }

        return IsByteBuffer(type) ? default : Typed(type, symbols);
    }

    /// <summary>
    /// The initial value of a local, from its declaration in this method (same tree, so the caller's
    /// semantic model answers and no other has to be made).
    /// </summary>
    public static IOperation? Initializer(ILocalSymbol local, SemanticModel? model)
    {
        if (model is null)
        {
            return null;
        }

        foreach (SyntaxReference reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == model.SyntaxTree && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return model.GetOperation(value);
            }
        }

        return null;
    }

    private static ValueShape FromSpanCreation(IObjectCreationOperation creation, ITypeSymbol element, NetDropSymbols symbols)
    {
        // new Span<T>(ref x) is one T; new Span<T>(array) views the array.
        if (creation.Arguments.Length == 1 && creation.Arguments[0].Parameter is { RefKind: not RefKind.None })
        {
            return ElementsOf(element, 1, symbols);
        }

        return new ValueShape(IsByte(element) ? null : element, null);
    }

    private static ValueShape ElementsOf(ITypeSymbol element, long count, NetDropSymbols symbols)
    {
        int? size = TypeSizes.Of(element, symbols);
        int? length = size is int s ? (int)(s * count) : null;
        return new ValueShape(IsByte(element) ? null : count == 1 ? element : null, length);
    }

    private static ValueShape Typed(ITypeSymbol type, NetDropSymbols symbols) => new(type, TypeSizes.Of(type, symbols));

    private static bool IsByte(ITypeSymbol type) => type.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte;

    private static bool IsByteBuffer(ITypeSymbol type) =>
        (IsSpan(type, out ITypeSymbol? element) && IsByte(element!))
        || (type is IArrayTypeSymbol { ElementType: var arrayElement } && IsByte(arrayElement))
        || type is IPointerTypeSymbol { PointedAtType.SpecialType: SpecialType.System_Byte or SpecialType.System_Void };

    public static bool IsSpan(ITypeSymbol? type, out ITypeSymbol? element)
    {
        if (type is INamedTypeSymbol { TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System"
            && named.Name is "Span" or "ReadOnlySpan")
        {
            element = named.TypeArguments[0];
            return true;
        }

        element = null;
        return false;
    }
}
