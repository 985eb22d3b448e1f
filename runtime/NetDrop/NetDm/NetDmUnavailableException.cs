using System;

namespace NetDrop.NetDm;

/// <summary>The kernel has no NET_DM generic netlink family.</summary>
public sealed class NetDmUnavailableException : InvalidOperationException
{
    public const string Explanation =
        "this kernel has no NET_DM: CONFIG_NET_DROP_MONITOR is off or the drop_monitor module is missing " +
        "(try 'modprobe drop_monitor'; without it, NetDrop reads the skb:kfree_skb tracepoint instead)";

    public NetDmUnavailableException(Exception inner)
        : base(Explanation, inner)
    {
    }
}
