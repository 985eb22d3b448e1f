using NetDrop.Generators.Model;

namespace NetDrop.Generators.Parsing;

/// <summary>The <see cref="AttributeKind"/> of a YNL attribute type.</summary>
internal static class AttributeKinds
{
    /// <param name="hasNestedSet">Whether the attribute names the set of its nests (nested-attributes).</param>
    public static AttributeKind Of(string type, string? subType, bool hasNestedSet) => type switch
    {
        "pad" or "unused" => AttributeKind.Ignored,
        "flag" => AttributeKind.Flag,
        "u8" or "u16" or "u32" or "u64" or "s8" or "s16" or "s32" or "s64" => AttributeKind.Fixed,
        "uint" => AttributeKind.VarUnsigned,
        "sint" => AttributeKind.VarSigned,
        "string" => AttributeKind.String,
        "nest" => AttributeKind.Nest,
        "indexed-array" when subType == "nest" && hasNestedSet => AttributeKind.NestArray,
        "array-nest" when hasNestedSet => AttributeKind.NestArray,
        "indexed-array" or "array-nest" or "nest-type-value" => AttributeKind.RawArray,
        _ => AttributeKind.Binary,
    };
}
