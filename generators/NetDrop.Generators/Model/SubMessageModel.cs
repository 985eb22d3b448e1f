namespace NetDrop.Generators.Model;

/// <summary>
/// A YNL sub-message: the layouts an attribute of type sub-message can have, one per value of the
/// attribute that selects it (rt-link's linkinfo data, chosen by the link's kind).
/// </summary>
internal sealed record SubMessageModel
{
    public required string SpecName { get; init; }

    /// <summary>The C# enum of its formats (linkinfo-data-msg → RtLinkLinkinfoDataMsgFormat).</summary>
    public required string FormatTypeName { get; init; }

    public required EquatableArray<SubMessageFormatModel> Formats { get; init; }
}

/// <summary>One format of a sub-message: the selector's value, and a fixed header, attributes, both or neither.</summary>
internal sealed record SubMessageFormatModel
{
    /// <summary>The selector's value as the kernel spells it (bridge, fq_codel).</summary>
    public required string Value { get; init; }

    /// <summary>Its C# name (FqCodel), in the format enum and the accessors.</summary>
    public required string MemberName { get; init; }

    /// <summary>The attribute set the payload holds (after the fixed header), or null.</summary>
    public string? AttributeSetTypePrefix { get; init; }

    /// <summary>The struct the payload starts with, or null.</summary>
    public StructModel? FixedHeader { get; init; }
}
