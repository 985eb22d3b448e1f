using Microsoft.CodeAnalysis;
using NetDrop.Analyzers.Metadata;

namespace NetDrop.Analyzers.Operations;

/// <summary>Sizes of the types that appear as socket option values and control-message payloads.</summary>
internal static class TypeSizes
{
    /// <summary>
    /// sizeof the type on 64-bit Linux when it is known for sure: primitives, enums, and structs that
    /// carry [KernelStruct] (whose size the generator wrote down). Null for anything else.
    /// </summary>
    public static int? Of(ITypeSymbol? type, NetDropSymbols symbols)
    {
        if (type is null)
        {
            return null;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            type = underlying;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
                return 1;
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Char:
                return 2;
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Single:
                return 4;
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Double:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                return 8;
        }

        if (type.TypeKind == TypeKind.Pointer)
        {
            return 8;
        }

        if (NetDropSymbols.Find(type, symbols.KernelStruct) is { ConstructorArguments.Length: 2 } kernel && kernel.ConstructorArguments[1].Value is int size)
        {
            return size;
        }

        return null;
    }

    /// <summary>True for the scalar types a socket option or payload can be (integers, enums, bool).</summary>
    public static bool IsScalar(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        return type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            or SpecialType.System_Char;
    }

    /// <summary>The C-ish name of a type for messages: C# keywords for primitives, the name otherwise.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
