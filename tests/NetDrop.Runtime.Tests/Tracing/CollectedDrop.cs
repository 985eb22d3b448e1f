namespace NetDrop.Tests.Tracing;

/// <summary>A kfree_skb record copied out of its page, for assertions.</summary>
internal sealed record CollectedDrop(ulong Timestamp, int Cpu, int Pid, ulong SkbAddress, ulong Location, ulong RxSocket, ushort Protocol, uint? Reason);
