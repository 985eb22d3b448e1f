namespace NetDrop.Tracing;

/// <summary>One field of a trace event record, as the event's tracefs format file describes it.</summary>
public sealed record TraceEventField(string Type, string Name, int Offset, int Size, bool Signed);
