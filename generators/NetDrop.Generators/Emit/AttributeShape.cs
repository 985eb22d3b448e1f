using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Emit;

/// <summary>
/// How an attribute is read and written, decided once from its YNL type, so the view and the
/// writer emitters agree (YNL's one-class-per-type idea, without the classes).
/// </summary>
internal enum AttributeShape
{
    /// <summary>pad and unused: skipped, never reported as unknown.</summary>
    Ignored,
    Flag,
    Fixed,
    VarUnsigned,
    VarSigned,
    String,
    Binary,
    Nest,
    NestArray,
    RawArray,
}

internal static class AttributeShapes
{
    public static AttributeShape Of(AttributeModel attribute) => attribute.Type switch
    {
        "pad" or "unused" => AttributeShape.Ignored,
        "flag" => AttributeShape.Flag,
        "u8" or "u16" or "u32" or "u64" or "s8" or "s16" or "s32" or "s64" => AttributeShape.Fixed,
        "uint" => AttributeShape.VarUnsigned,
        "sint" => AttributeShape.VarSigned,
        "string" => AttributeShape.String,
        "nest" => AttributeShape.Nest,
        "indexed-array" when attribute.SubType == "nest" && attribute.NestedTypePrefix is not null => AttributeShape.NestArray,
        "indexed-array" or "nest-type-value" => AttributeShape.RawArray,
        _ => AttributeShape.Binary,
    };

    /// <summary>The C# type of a fixed-size attribute's value (or its enum), and its size.</summary>
    public static string ValueType(AttributeModel attribute, out int size)
    {
        ScalarTypes.TryGet(attribute.Type, out string csharp, out size);
        return attribute.EnumTypeName ?? csharp;
    }

    /// <summary>The BinaryPrimitives reader for a fixed-size integer type.</summary>
    public static string Reader(string type, bool bigEndian)
    {
        string order = bigEndian ? "BigEndian" : "LittleEndian";
        return type switch
        {
            "u16" => "ReadUInt16" + order,
            "u32" => "ReadUInt32" + order,
            "u64" => "ReadUInt64" + order,
            "s16" => "ReadInt16" + order,
            "s32" => "ReadInt32" + order,
            "s64" => "ReadInt64" + order,
            _ => string.Empty,
        };
    }

    /// <summary>The NetlinkWriter method for a fixed-size integer type.</summary>
    public static string Writer(string type) => type switch
    {
        "u8" => "PutU8",
        "u16" => "PutU16",
        "u32" => "PutU32",
        "u64" => "PutU64",
        "s8" => "PutS8",
        "s16" => "PutS16",
        "s32" => "PutS32",
        _ => "PutS64",
    };
}
