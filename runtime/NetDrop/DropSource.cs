namespace NetDrop;

/// <summary>Where a drop was seen.</summary>
public enum DropSource
{
    /// <summary>The NET_DM drop monitor (generic netlink).</summary>
    NetDm,

    /// <summary>The skb:kfree_skb tracepoint, read from tracefs.</summary>
    Tracepoint,

    /// <summary>NetDrop's BPF program on the skb:kfree_skb tracepoint, through a ring buffer.</summary>
    Bpf,
}
