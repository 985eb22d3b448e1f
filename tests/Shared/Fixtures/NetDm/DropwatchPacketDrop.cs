namespace NetDrop.Tests.NetDm;

/// <summary>
/// One packet-mode block of dropwatch's output. Every line but "drop at:" may be missing: dropwatch
/// prints a line only when the alert carried the attribute (and leaves "origin:" out on some blocks).
/// </summary>
internal sealed record DropwatchPacketDrop(
    string Symbol,
    ulong ProgramCounter,
    string? Origin,
    uint? InputIfIndex,
    ulong? TimestampNanoseconds,
    ushort? Protocol,
    int? Length,
    uint? OriginalLength,
    string? Reason);
