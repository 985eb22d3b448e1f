using System;

namespace NetDrop;

/// <summary>
/// One dropped packet, the same shape whichever source saw it. This is the allocating convenience
/// form; the sources' ref struct views (NetDmPacketAlert, KfreeSkbRecord) are the zero-allocation one.
/// </summary>
/// <param name="UnixNanoseconds">When the kernel dropped it.</param>
/// <param name="Reason">The reason in NetDrop's catalogue; null when the kernel named one the catalogue does not know (see ReasonName).</param>
/// <param name="ReasonName">The reason as the kernel spells it (NO_SOCKET); null when the kernel gave none.</param>
/// <param name="Subsystem">The reason's subsystem number (the high 16 bits of the kernel's reason); 0 is core.</param>
/// <param name="Location">The kernel address of the drop.</param>
/// <param name="Symbol">The location as symbol+offset, when known.</param>
/// <param name="InterfaceIndex">The input interface; the tracepoint does not report it.</param>
/// <param name="Protocol">skb->protocol (ETH_P_IP is 0x0800).</param>
/// <param name="Payload">The packet, when the source sends it (NET_DM packet mode; the BPF source's first bytes from the MAC header).</param>
public sealed record DropEvent(
    long UnixNanoseconds,
    DropReason? Reason,
    string? ReasonName,
    ushort Subsystem,
    ulong Location,
    string? Symbol,
    int? InterfaceIndex,
    ushort Protocol,
    ReadOnlyMemory<byte> Payload,
    DropSource Source)
{
    public DateTimeOffset Time => DateTimeOffset.UnixEpoch.AddTicks(UnixNanoseconds / 100);

    /// <summary>The input interface's name, when the source reports it (NET_DM does; the tracepoint does not).</summary>
    public string? InterfaceName { get; init; }

    /// <summary>The packet's length before NET_DM truncated the payload; null when unknown.</summary>
    public int? OriginalLength { get; init; }

    /// <summary>Dropped by a device (NET_DM hardware drops) rather than by the kernel's software path.</summary>
    public bool IsHardwareDrop { get; init; }

    /// <summary>For a hardware drop, the device's trap group and trap ("l2_drops/ingress_vlan_filter"); null otherwise.</summary>
    public string? HardwareTrap { get; init; }

    // What the BPF source adds; null from the sources that do not report it.

    /// <summary>The CPU the drop happened on.</summary>
    public int? Cpu { get; init; }

    /// <summary>The process (thread group id) running when the packet was freed: the sender, for local and veth traffic. From the tracepoint, looked up by its thread id while the thread exists.</summary>
    public int? Pid { get; init; }

    /// <summary>The thread running when the packet was freed.</summary>
    public int? Tid { get; init; }

    /// <summary>That task's name (comm, at most 15 characters).</summary>
    public string? Comm { get; init; }

    /// <summary>The network namespace's inode, as ip netns identify and /proc/PID/ns/net show it.</summary>
    public uint? NetnsInode { get; init; }

    /// <summary>skb->mark.</summary>
    public uint? Mark { get; init; }

    /// <summary>skb->len when the packet was freed (bytes from its current data pointer, fragments included).</summary>
    public uint? Length { get; init; }

    /// <summary>The local port of the socket the packet was for or came from (rx_sk, else skb->sk).</summary>
    public ushort? LocalPort { get; init; }

    /// <summary>The BPF source's kernel filter tested this drop and passed it: only the part of a filter it did not evaluate remains.</summary>
    public bool PassedKernelFilter { get; init; }

    /// <summary>The kernel stack when the packet was freed, innermost first, each "symbol+0xoff" (BPF source with stacks asked for); null otherwise.</summary>
    public System.Collections.Generic.IReadOnlyList<string>? KernelStack { get; init; }
}
