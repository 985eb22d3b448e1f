namespace NetDrop.Generators.Model;

/// <summary>A YNL operation. Unified families have one value; directional ones a request and a reply value.</summary>
internal sealed record OperationModel
{
    public required string SpecName { get; init; }

    public required string MemberName { get; init; }

    public required string CName { get; init; }

    public required int Value { get; init; }

    /// <summary>For a directional family's operation with a reply, the reply's C name (ETHTOOL_MSG_FEATURES_GET_REPLY).</summary>
    public string? ReplyCName { get; init; }

    /// <summary>A notification or event only: its value is the kernel's message's.</summary>
    public bool IsNotification { get; init; }

    /// <summary>The C# type of the struct before the attributes (ovs-header, ifinfomsg), if any.</summary>
    public string? FixedHeaderTypeName { get; init; }

    /// <summary>The reply's command value for directional families, else the same as Value.</summary>
    public required int ReplyValue { get; init; }

    public string? Doc { get; init; }

    /// <summary>Type prefix of the attribute set the operation's messages use.</summary>
    public string? AttributeSetPrefix { get; init; }

    public string? AttributeEnumTypeName { get; init; }

    public bool HasDo { get; init; }

    public bool HasDump { get; init; }

    /// <summary>The do request has a reply (not only an ACK).</summary>
    public bool DoHasReply { get; init; }

    public bool HasEvent { get; init; }

    public bool AdminPerm { get; init; }

    /// <summary>The request order the kernel keeps (<c>enters-state</c>, <c>leaves-state</c>, <c>rejected-in-state</c>, <c>names-one-of</c>), for the analyzers.</summary>
    public string? EntersState { get; init; }

    public string? LeavesState { get; init; }

    public string? RejectedInState { get; init; }

    public EquatableArray<string> NamesOneOf { get; init; }

    /// <summary>Attributes of the do (or dump) request, in spec order.</summary>
    public required EquatableArray<AttributeModel> RequestAttributes { get; init; }

    /// <summary>Attributes of the dump request, which may differ from the do's (rt-link's getlink dump filters by master).</summary>
    public required EquatableArray<AttributeModel> DumpRequestAttributes { get; init; }
}

/// <summary>A multicast group: its name, for joining, and its C# member; netlink-raw groups have a number.</summary>
internal sealed record McastGroupModel(string SpecName, string MemberName, long? Value = null);
