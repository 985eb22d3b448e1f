using System;

namespace NetDrop.Frames;

/// <summary>What <see cref="FrameSummary.TryParse"/> found in a frame, and how far it got.</summary>
[Flags]
public enum FrameLayers : ushort
{
    None = 0,

    /// <summary>An Ethernet II header (the frame began at the MAC header).</summary>
    Ethernet = 1 << 0,

    /// <summary>At least one 802.1Q or 802.1ad tag after the Ethernet addresses.</summary>
    Vlan = 1 << 1,

    /// <summary>An ARP header for IPv4 over a hardware type: sender and target addresses are set.</summary>
    Arp = 1 << 2,

    /// <summary>An IPv4 header: addresses and protocol are set.</summary>
    IPv4 = 1 << 3,

    /// <summary>An IPv6 header: addresses are set; the protocol too when the extension-header chain could be walked.</summary>
    IPv6 = 1 << 4,

    /// <summary>The transport protocol after IPv4 options or IPv6 extension headers is known.</summary>
    IpProtocol = 1 << 5,

    /// <summary>Source and destination ports of TCP, UDP, UDP-Lite, SCTP or DCCP.</summary>
    Ports = 1 << 6,

    /// <summary>ICMP or ICMPv6 type and code.</summary>
    Icmp = 1 << 7,

    /// <summary>A fragment after the first: its transport header is in another packet.</summary>
    Fragment = 1 << 8,

    /// <summary>The bytes ended inside a header; what came before it is still decoded.</summary>
    Truncated = 1 << 9,

    /// <summary>A header had impossible fields (wrong IP version, IPv4 header length under 20, an endless IPv6 header chain); decoding stopped there.</summary>
    Malformed = 1 << 10,
}
