namespace NetDrop.Generators.Model;

/// <summary>Everything the emitter needs from one spec file, resolved and checked.</summary>
internal sealed record SpecModel
{
    /// <summary>The spec's file name (net_dm.yaml), for hint names and SpecSource attributes.</summary>
    public required string FileName { get; init; }

    /// <summary>The spec's <c>name</c> (NET_DM).</summary>
    public required string Name { get; init; }

    /// <summary>PascalCase of the name (NetDm), the prefix of family-wide types.</summary>
    public required string TypePrefix { get; init; }

    /// <summary>genetlink, genetlink-c, genetlink-legacy, netdrop-socket or netdrop-drop-reasons.</summary>
    public required string Protocol { get; init; }

    /// <summary>A netlink family (genetlink or netlink-raw): it gets a family class with commands, groups and requests.</summary>
    public bool IsNetlink { get; init; }

    /// <summary>A netlink-raw family (rtnetlink, nfnetlink): no generic netlink header, message types up to 65535.</summary>
    public bool IsRaw { get; init; }

    /// <summary>A netlink-raw family's netlink protocol (NETLINK_ROUTE 0, NETLINK_NETFILTER 12).</summary>
    public int? Protonum { get; init; }

    public required string Namespace { get; init; }

    public string? Doc { get; init; }

    public string? UapiHeader { get; init; }

    public int Version { get; init; }

    public required EquatableArray<ConstModel> Consts { get; init; }

    public required EquatableArray<EnumModel> Enums { get; init; }

    public required EquatableArray<StructModel> Structs { get; init; }

    public required EquatableArray<AttributeSetModel> AttributeSets { get; init; }

    public required EquatableArray<OperationModel> Operations { get; init; }

    /// <summary>Sub-messages with the formats NetDrop generates; the attributes that use them name them.</summary>
    public EquatableArray<SubMessageModel> SubMessages { get; init; } = EquatableArray<SubMessageModel>.Empty;

    public bool DirectionalOperations { get; init; }

    public required EquatableArray<McastGroupModel> McastGroups { get; init; }

    public required EquatableArray<ConstModel> Levels { get; init; }

    public required EquatableArray<SocketOptionModel> SocketOptions { get; init; }

    public required EquatableArray<ControlMessageModel> ControlMessages { get; init; }
}
