using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks a member whose value is a drop-reason number as the running kernel numbers it (enum
/// skb_drop_reason of the tracepoint or the BPF program), not a catalogue value. Analyzers follow these
/// numbers, and only these, into comparisons with constants: the numbers change between kernel versions.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Method | AttributeTargets.Field, Inherited = false)]
public sealed class KernelReasonNumberAttribute : Attribute
{
}
