namespace NetDrop.Generators.Model;

/// <summary>A struct definition with its C layout computed (x86_64/aarch64 natural alignment).</summary>
internal sealed record StructModel
{
    public required string SpecName { get; init; }

    /// <summary>The C name (ovs_header for the kernel's ovs-header, tpacket_req3 as NetDrop's own specs write it).</summary>
    public required string CName { get; init; }

    /// <summary>The C# type: the C name where the spec writes C names, else the YNL name in Pascal case (OvsHeader).</summary>
    public required string TypeName { get; init; }

    public string? Doc { get; init; }

    /// <summary>The header declaring it, when not the spec's uapi-header (timespec: time.h).</summary>
    public string? Header { get; init; }

    public required int Size { get; init; }

    public required int Alignment { get; init; }

    public required EquatableArray<StructMemberModel> Members { get; init; }
}

internal sealed record StructMemberModel
{
    /// <summary>The C name, kept as C spells it (tp_status, dp_ifindex).</summary>
    public required string Name { get; init; }

    /// <summary>The C# field: the C name where the spec writes C names, else the YNL name in Pascal case (DpIfindex).</summary>
    public required string MemberName { get; init; }

    public required StructMemberKind Kind { get; init; }

    /// <summary>For scalar members and flexible arrays of scalars: the integer type.</summary>
    public ScalarType? Scalar { get; init; }

    public required int Offset { get; init; }

    /// <summary>Bytes of a binary member; element size of a flexible array.</summary>
    public int Length { get; init; }

    /// <summary>The C# type of a struct member (or flexible array element).</summary>
    public string? StructName { get; init; }

    public bool BigEndian { get; init; }

    public string? EnumTypeName { get; init; }

    /// <summary>For a flexible array: the stem of its accessors (Get{AccessorName}, {AccessorName}Offset).</summary>
    public string? AccessorName { get; init; }

    public string? Doc { get; init; }
}

internal enum StructMemberKind
{
    Scalar,
    Binary,
    Struct,

    /// <summary>A C flexible array member: no room in the struct, read with its own accessor.</summary>
    FlexibleArray,
}
