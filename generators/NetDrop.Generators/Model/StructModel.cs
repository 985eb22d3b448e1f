namespace NetDrop.Generators.Model;

/// <summary>A struct definition with its C layout computed (x86_64/aarch64 natural alignment).</summary>
/// <param name="Header">The header declaring it, when not the spec's uapi-header (timespec: time.h).</param>
internal sealed record StructModel(
    string SpecName,
    string CName,
    string? Doc,
    string? Header,
    int Size,
    int Alignment,
    EquatableArray<StructMemberModel> Members);

/// <param name="ScalarType">u8…u64, s8…s64 for scalar members; null otherwise.</param>
/// <param name="Length">Bytes of a binary member; element size of a flexible array.</param>
/// <param name="StructName">The C name of a struct member's type (or flexible array element).</param>
internal sealed record StructMemberModel(
    string Name,
    string Kind,
    string? ScalarType,
    int Offset,
    int Length,
    string? StructName,
    bool BigEndian,
    string? EnumTypeName,
    string? Doc);

internal static class StructMemberKinds
{
    public const string Scalar = "scalar";
    public const string Binary = "binary";
    public const string Struct = "struct";
    public const string FlexibleArray = "flexible-array";
}
