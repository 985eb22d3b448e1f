namespace NetDrop.Generators.Model;

/// <summary>A YNL enum or flags definition.</summary>
/// <param name="SpecName">The definition's name in the spec (alert-mode).</param>
/// <param name="TypeName">The C# type name (NetDmAlertMode).</param>
/// <param name="UnderlyingType">The smallest C# integer type that holds every value.</param>
/// <param name="IsDropReasonCatalog">Marked drop-reason-catalog: analyzers check switches over it.</param>
/// <param name="SubsystemEnum">For a catalogue: the spec name of the enum of its subsystems.</param>
internal sealed record EnumModel(
    string SpecName,
    string TypeName,
    string? CName,
    bool IsFlags,
    string UnderlyingType,
    string? Doc,
    bool IsDropReasonCatalog,
    string? SubsystemEnum,
    EquatableArray<EnumEntryModel> Entries);

/// <param name="CName">The C name (NET_DM_ALERT_MODE_PACKET), name-prefix included.</param>
/// <param name="Subsystem">For drop reasons: the subsystem entry's spec name.</param>
/// <param name="Kernels">For drop reasons: the kernels the spec was synced with that have it, with their numbers (6.1: 1, 6.18: 2).</param>
/// <param name="Since">For drop reasons: the first of those kernels (6.1), or null.</param>
internal sealed record EnumEntryModel(string SpecName, string MemberName, string CName, long Value, string? Doc, string? Subsystem, string? Kernels = null, string? Since = null);
