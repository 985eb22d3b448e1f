namespace NetDrop.Generators.Model;

/// <summary>A YNL attribute set; a subset-of set carries the attributes it takes from its parent.</summary>
internal sealed record AttributeSetModel
{
    public required string SpecName { get; init; }

    /// <summary>Prefix of the set's C# types (NetDmPort → NetDmPortAttributes).</summary>
    public required string TypePrefix { get; init; }

    /// <summary>The enum of attribute types: the set's own, or the parent's for a subset.</summary>
    public required string EnumTypeName { get; init; }

    /// <summary>True when the set takes its attributes from another set.</summary>
    public bool IsSubset { get; init; }

    public string? Doc { get; init; }

    public required EquatableArray<AttributeModel> Attributes { get; init; }
}

/// <summary>An attribute, with how it is read and written decided.</summary>
internal sealed record AttributeModel
{
    public required string SpecName { get; init; }

    public required string MemberName { get; init; }

    public required string CName { get; init; }

    public required int Value { get; init; }

    /// <summary>The YNL type as the spec spells it (u32, string, nest, indexed-array, …), for the docs.</summary>
    public required string YnlType { get; init; }

    public string? SubType { get; init; }

    public required AttributeKind Kind { get; init; }

    /// <summary>For a <see cref="AttributeKind.Fixed"/> attribute: its integer type.</summary>
    public ScalarType? Scalar { get; init; }

    /// <summary>For a <see cref="AttributeKind.Fixed"/> attribute: the C# type of its value, its enum's or its integer's.</summary>
    public string? ValueType { get; init; }

    public bool MultiAttr { get; init; }

    public bool BigEndian { get; init; }

    /// <summary>For nest/indexed-array/multi-attr nests: the nested set's type prefix.</summary>
    public string? NestedTypePrefix { get; init; }

    /// <summary>The C# enum a scalar's value is typed as, when the spec names one.</summary>
    public string? EnumTypeName { get; init; }

    public bool EnumIsFlags { get; init; }

    /// <summary>For binary attributes holding a struct: its C name.</summary>
    public string? StructCName { get; init; }

    /// <summary>The spec's display-hint (mac, ipv4, ipv6, ipv4-or-v6, hex, uuid), or null.</summary>
    public string? DisplayHint { get; init; }

    /// <summary>The spec's checks on a scalar's value (min, max), resolved to numbers.</summary>
    public long? Min { get; init; }

    public long? Max { get; init; }

    /// <summary>For binary attributes holding a struct: its C# type.</summary>
    public string? StructTypeName { get; init; }

    public string? Doc { get; init; }

    /// <summary>For a sub-message attribute: the sub-message whose format its selector picks.</summary>
    public string? SubMessage { get; init; }

    /// <summary>For a sub-message attribute: the spec name of the string attribute of the same set that selects the format.</summary>
    public string? Selector { get; init; }
}
