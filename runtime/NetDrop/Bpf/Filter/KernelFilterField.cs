namespace NetDrop.Bpf.Filter;

/// <summary>The number fields of a drop the BPF program can test before it reserves a record.</summary>
public enum KernelFilterField
{
    /// <summary>The tracepoint's raw reason number (subsystem in the high 16 bits); always present.</summary>
    Reason,

    /// <summary>skb->dev's ifindex, else skb->skb_iif; absent when both are 0.</summary>
    InterfaceIndex,

    /// <summary>The device's (else the owning socket's) network namespace inode; absent when 0.</summary>
    NamespaceInode,

    /// <summary>skb->mark; always present.</summary>
    Mark,

    /// <summary>The network protocol after the Ethernet header, else skb->protocol; always present.</summary>
    EtherType,

    /// <summary>The IPv4 protocol or IPv6 next header; absent without an IP header.</summary>
    IpProtocol,

    /// <summary>TCP, UDP, UDP-Lite, SCTP or DCCP source port; absent without one.</summary>
    SourcePort,

    DestinationPort,
}
