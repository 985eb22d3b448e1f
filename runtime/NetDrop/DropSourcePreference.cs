namespace NetDrop;

/// <summary>Which source <see cref="DropMonitor"/> opens.</summary>
public enum DropSourcePreference
{
    /// <summary>
    /// NetDrop's BPF program where it loads (BTF, CAP_BPF and CAP_PERFMON, no lockdown), unless hardware drops
    /// or a tracefs filter are asked for; else NET_DM when the kernel has it and rights allow; else the
    /// skb:kfree_skb tracepoint.
    /// </summary>
    Auto,

    /// <summary>NET_DM only; its errors are thrown.</summary>
    NetDm,

    /// <summary>The skb:kfree_skb tracepoint only; its errors are thrown.</summary>
    Tracepoint,

    /// <summary>NetDrop's BPF program on skb:kfree_skb only (Linux 5.8 with BTF, CAP_BPF and CAP_PERFMON); its errors are thrown.</summary>
    Bpf,
}
