namespace NetDrop;

/// <summary>Which source <see cref="DropMonitor"/> opens.</summary>
public enum DropSourcePreference
{
    /// <summary>NET_DM when the kernel has it and rights allow, else the skb:kfree_skb tracepoint.</summary>
    Auto,

    /// <summary>NET_DM only; its errors are thrown.</summary>
    NetDm,

    /// <summary>The skb:kfree_skb tracepoint only; its errors are thrown.</summary>
    Tracepoint,
}
