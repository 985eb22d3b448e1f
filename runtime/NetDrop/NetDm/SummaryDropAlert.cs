using System.Collections.Generic;

namespace NetDrop.NetDm;

/// <summary>Drop counts NET_DM's summary mode sends once per interval: per location for software drops, per devlink trap for hardware drops.</summary>
public sealed record SummaryDropAlert(IReadOnlyList<SummaryDropPoint> Locations, IReadOnlyList<HardwareTrapCount> HardwareTraps) : DropAlert;

/// <summary>Software drops at one kernel location since the last alert.</summary>
/// <param name="Symbol">The location as symbol+offset, when kernel symbols were given.</param>
public sealed record SummaryDropPoint(ulong ProgramCounter, uint Count, string? Symbol);

/// <summary>Hardware drops by one devlink trap since the last alert.</summary>
public sealed record HardwareTrapCount(string? Trap, uint Count);
