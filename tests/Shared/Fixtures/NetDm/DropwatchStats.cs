namespace NetDrop.Tests.NetDm;

/// <summary>What dropwatch's "stats" printed: "Tail dropped: N" under software, then under hardware statistics.</summary>
internal sealed record DropwatchStats(ulong SoftwareTailDropped, ulong HardwareTailDropped);
