using System;
using System.Buffers.Binary;
using System.Net;

namespace NetDrop.Frames;

/// <summary>
/// The headers of a dropped packet that say what it was: Ethernet and VLAN tags, IPv4 or IPv6 (or ARP)
/// addresses, the transport protocol, ports or ICMP type and code. <see cref="TryParse"/> reads them
/// from the bytes NET_DM sends without allocating and without throwing, whatever the bytes are:
/// a truncated or garbled packet gives what could be read before the damage, and says so in
/// <see cref="Layers"/>.
/// </summary>
public readonly partial struct FrameSummary
{
    private readonly UInt128 _source;
    private readonly UInt128 _destination;

    /// <summary>Which headers were found, and whether decoding stopped early.</summary>
    public FrameLayers Layers { get; }

    /// <summary>The network protocol after any VLAN tags; skb->protocol when the bytes could not say.</summary>
    public ushort EtherType { get; }

    /// <summary>VLAN tags in the frame (802.1Q, 802.1ad); a tag the device stripped into skb metadata is not in the bytes.</summary>
    public int VlanCount { get; }

    /// <summary>The outer (first) tag's VLAN id, when <see cref="VlanCount"/> is at least 1.</summary>
    public ushort Vlan { get; }

    /// <summary>The second tag's VLAN id (the customer tag of 802.1ad), when <see cref="VlanCount"/> is at least 2.</summary>
    public ushort InnerVlan { get; }

    /// <summary>The transport protocol number (IPPROTO_*), when <see cref="FrameLayers.IpProtocol"/> is set.</summary>
    public byte IpProtocol { get; }

    public ushort SourcePort { get; }

    public ushort DestinationPort { get; }

    /// <summary>ICMP or ICMPv6 type, when <see cref="FrameLayers.Icmp"/> is set.</summary>
    public byte IcmpType { get; }

    public byte IcmpCode { get; }

    /// <summary>ARP's operation (1 request, 2 reply), when <see cref="FrameLayers.Arp"/> is set.</summary>
    public ushort ArpOperation { get; }

    /// <summary>4 for IPv4 and ARP addresses, 6 for IPv6, 0 when the frame has none.</summary>
    public int AddressVersion => (Layers & (FrameLayers.IPv4 | FrameLayers.Arp)) != 0 ? 4 : (Layers & FrameLayers.IPv6) != 0 ? 6 : 0;

    public bool HasAddresses => AddressVersion != 0;

    public bool HasPorts => (Layers & FrameLayers.Ports) != 0;

    public bool HasIpProtocol => (Layers & FrameLayers.IpProtocol) != 0;

    public bool HasIcmp => (Layers & FrameLayers.Icmp) != 0;

    public bool IsTruncated => (Layers & FrameLayers.Truncated) != 0;

    /// <summary>The source address as a number, most significant byte first (an IPv4 address in the low 32 bits).</summary>
    public UInt128 SourceBits => _source;

    /// <summary>The destination address as a number, most significant byte first (an IPv4 address in the low 32 bits).</summary>
    public UInt128 DestinationBits => _destination;

    /// <summary>The source address (allocates); null when the frame has none.</summary>
    public IPAddress? SourceAddress => ToAddress(_source);

    /// <summary>The destination address (allocates); null when the frame has none.</summary>
    public IPAddress? DestinationAddress => ToAddress(_destination);

    private IPAddress? ToAddress(UInt128 bits)
    {
        switch (AddressVersion)
        {
            case 4:
                Span<byte> v4 = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)bits);
                return new IPAddress(v4);
            case 6:
                Span<byte> v6 = stackalloc byte[16];
                BinaryPrimitives.WriteUInt128BigEndian(v6, bits);
                return new IPAddress(v6);
            default:
                return null;
        }
    }
}
