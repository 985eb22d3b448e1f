namespace NetDrop.Tests.NetDm;

/// <summary>What dropwatch's "show" printed: "Alert mode: Packet", "Truncation length: 64", "Queue length: 100".</summary>
internal sealed record DropwatchConfig(string AlertMode, uint TruncationLength, uint QueueLength);
