namespace NetDrop.NetDm;

/// <summary>Software drops at one kernel location since the last alert.</summary>
/// <param name="Symbol">The location as symbol+offset, when kernel symbols were given.</param>
public readonly record struct SummaryDropPoint(ulong ProgramCounter, uint Count, string? Symbol);
