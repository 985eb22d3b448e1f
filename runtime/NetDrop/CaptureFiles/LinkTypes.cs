namespace NetDrop.CaptureFiles;

/// <summary>
/// LINKTYPE_* values from the tcpdump.org link-layer header type registry, for the links NetDrop reads.
/// These are the values stored in files; they differ from the DLT_* values of libpcap's API.
/// </summary>
public static class LinkTypes
{
    /// <summary>LINKTYPE_ETHERNET: IEEE 802.3 Ethernet.</summary>
    public const int Ethernet = 1;

    /// <summary>LINKTYPE_RAW: a bare IPv4 or IPv6 packet, no link-layer header (tun, WireGuard, IP tunnels).</summary>
    public const int Raw = 101;

    /// <summary>LINKTYPE_LINUX_SLL: Linux "cooked" capture, version 1 (tcpdump -i any).</summary>
    public const int LinuxSll = 113;

    /// <summary>
    /// LINKTYPE_WIRESHARK_UPPER_PDU: tags (big-endian type, length, value) naming how to decode what follows,
    /// then the data. NetDrop writes dropped packets it cannot frame (or has no bytes of) this way.
    /// </summary>
    public const int WiresharkUpperPdu = 252;

    /// <summary>LINKTYPE_NETLINK: netlink messages from an nlmon device, each after a <see cref="NetlinkCookedHeader"/>.</summary>
    public const int Netlink = 253;

    /// <summary>LINKTYPE_LINUX_SLL2: Linux "cooked" capture, version 2.</summary>
    public const int LinuxSll2 = 276;
}
