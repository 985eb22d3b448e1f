namespace NetDrop.Netlink.Sockets;

/// <summary>Netlink protocol numbers (the third argument of socket(AF_NETLINK, ...)) NetDrop uses.</summary>
public enum NetlinkProtocol
{
    /// <summary>NETLINK_ROUTE: links, addresses, routes.</summary>
    Route = 0,

    /// <summary>NETLINK_NETFILTER: nfnetlink (conntrack, nftables).</summary>
    Netfilter = 12,

    /// <summary>NETLINK_GENERIC: generic netlink, which NET_DM, nlctrl and devlink live on.</summary>
    Generic = 16,
}
