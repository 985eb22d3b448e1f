namespace NetDrop.Generators.Model;

/// <summary>A YNL enum or flags definition.</summary>
internal sealed record EnumModel
{
    /// <summary>The definition's name in the spec (alert-mode).</summary>
    public required string SpecName { get; init; }

    /// <summary>The C# type name (NetDmAlertMode).</summary>
    public required string TypeName { get; init; }

    /// <summary>The spec's enum-name (net_dm_alert_mode), or null.</summary>
    public string? CName { get; init; }

    public bool IsFlags { get; init; }

    /// <summary>For the [Flags] type of an enum-as-flags attribute: the C# enum whose entries its bits are.</summary>
    public string? BitsOf { get; init; }

    /// <summary>The smallest C# integer type that holds every value.</summary>
    public required string UnderlyingType { get; init; }

    public string? Doc { get; init; }

    /// <summary>Marked drop-reason-catalog: analyzers check switches over it.</summary>
    public bool IsDropReasonCatalog { get; init; }

    /// <summary>For a catalogue: the spec name of the enum of its subsystems.</summary>
    public string? SubsystemEnum { get; init; }

    public required EquatableArray<EnumEntryModel> Entries { get; init; }
}

internal sealed record EnumEntryModel
{
    public required string SpecName { get; init; }

    public required string MemberName { get; init; }

    /// <summary>The C name (NET_DM_ALERT_MODE_PACKET), name-prefix included.</summary>
    public required string CName { get; init; }

    public required long Value { get; init; }

    public string? Doc { get; init; }

    /// <summary>For drop reasons: the kernel's name, SKB_DROP_REASON_ left off (NO_SOCKET).</summary>
    public string? KernelName { get; init; }

    /// <summary>For drop reasons: the subsystem entry's spec name.</summary>
    public string? Subsystem { get; init; }

    /// <summary>For drop reasons: the kernels the spec was synced with that have it, with their numbers (6.1: 1, 6.18: 2).</summary>
    public string? Kernels { get; init; }

    /// <summary>For drop reasons: the first of those kernels (6.1), or null.</summary>
    public string? Since { get; init; }
}
