namespace NetDrop.NetDm;

/// <summary>Hardware drops by one devlink trap since the last alert.</summary>
public readonly record struct HardwareTrapCount(string? Trap, uint Count);
