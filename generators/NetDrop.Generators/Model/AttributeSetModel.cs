namespace NetDrop.Generators.Model;

/// <summary>A YNL attribute set; a subset-of set carries the attributes it takes from its parent.</summary>
/// <param name="TypePrefix">Prefix of the set's C# types (NetDmPort → NetDmPortAttributes).</param>
/// <param name="EnumTypeName">The enum of attribute types: the set's own, or the parent's for a subset.</param>
/// <param name="IsSubset">True when the set takes its attributes from another set.</param>
internal sealed record AttributeSetModel(
    string SpecName,
    string TypePrefix,
    string EnumTypeName,
    bool IsSubset,
    string? Doc,
    EquatableArray<AttributeModel> Attributes);

/// <param name="Type">The YNL type (u32, string, nest, indexed-array, …).</param>
/// <param name="NestedTypePrefix">For nest/indexed-array/multi-attr nests: the nested set's type prefix.</param>
/// <param name="EnumTypeName">The C# enum a scalar's value is typed as, when the spec names one.</param>
/// <param name="StructCName">For binary attributes holding a struct: its C name.</param>
internal sealed record AttributeModel(
    string SpecName,
    string MemberName,
    string CName,
    int Value,
    string Type,
    string? SubType,
    bool MultiAttr,
    bool BigEndian,
    string? NestedTypePrefix,
    string? EnumTypeName,
    bool EnumIsFlags,
    string? StructCName,
    string? Doc);
