namespace NetDrop.NetDm;

/// <summary>One location of a summary alert: where drops happened and how many since the last alert.</summary>
public readonly record struct NetDmDropPoint(ulong ProgramCounter, uint Count);
