using System;
using System.Buffers.Binary;

namespace NetDrop.Frames;

public readonly partial struct FrameSummary
{
    /// <summary>More tags than any real network uses; beyond this the frame is taken as garbage.</summary>
    private const int MaxVlanTags = 8;

    /// <summary>RFC 8200 allows any number of extension headers; real packets have a few. The bound keeps garbage from looping.</summary>
    private const int MaxExtensionHeaders = 16;

    private const int EthernetHeaderLength = 14;
    private const int IPv4MinimumHeaderLength = 20;
    private const int IPv6HeaderLength = 40;

    private FrameSummary(in Decoded decoded)
    {
        Layers = decoded.Layers;
        EtherType = decoded.EtherType;
        VlanCount = decoded.VlanCount;
        Vlan = decoded.Vlan;
        InnerVlan = decoded.InnerVlan;
        IpProtocol = decoded.IpProtocol;
        SourcePort = decoded.SourcePort;
        DestinationPort = decoded.DestinationPort;
        IcmpType = decoded.IcmpType;
        IcmpCode = decoded.IcmpCode;
        ArpOperation = decoded.ArpOperation;
        _source = decoded.Source;
        _destination = decoded.Destination;
    }

    /// <summary>
    /// Reads the headers of a packet as NET_DM sends it: from the MAC header, or from the network
    /// header on devices that have no link-layer header (tun, WireGuard, IP tunnels). The frame is taken
    /// as Ethernet when its EtherType field names <paramref name="protocol"/> or a VLAN tag (or, with no
    /// protocol given, any EtherType), else as a bare IP packet when the version nibble matches the
    /// protocol.
    /// </summary>
    /// <param name="frame">The packet's bytes; any length, any content.</param>
    /// <param name="protocol">skb->protocol (ETH_P_*, host order), 0 when unknown.</param>
    /// <param name="summary">What was read. Always usable: with nothing decoded, only <see cref="EtherType"/> (the protocol) is set.</param>
    /// <returns>True when the frame began with a header this parser knows; false leaves only the protocol.</returns>
    public static bool TryParse(ReadOnlySpan<byte> frame, ushort protocol, out FrameSummary summary) =>
        Parse(frame, protocol, mayBeEthernet: true, out summary);

    /// <summary>
    /// Reads the headers of a packet that starts at its network header, whose protocol (ETH_P_*, host
    /// order) is known, as after a Linux cooked (SLL, SLL2) header: never taken as Ethernet, so an IPv4
    /// source address such as 8.0.0.1 or 129.0.0.1 is not mistaken for an EtherType or a VLAN tag.
    /// </summary>
    public static bool TryParseNetworkLayer(ReadOnlySpan<byte> packet, ushort protocol, out FrameSummary summary) =>
        Parse(packet, protocol, mayBeEthernet: false, out summary);

    private static bool Parse(ReadOnlySpan<byte> frame, ushort protocol, bool mayBeEthernet, out FrameSummary summary)
    {
        var decoded = new Decoded { EtherType = protocol };
        int offset;
        if (mayBeEthernet && IsEthernet(frame, protocol))
        {
            decoded.Layers |= FrameLayers.Ethernet;
            decoded.EtherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
            offset = EthernetHeaderLength;
            if (!ReadVlanTags(frame, ref offset, ref decoded))
            {
                summary = new FrameSummary(decoded);
                return true;
            }
        }
        else if (IsBareIp(frame, protocol) || (!mayBeEthernet && protocol == EtherTypes.Arp))
        {
            offset = 0;
        }
        else
        {
            summary = new FrameSummary(decoded);
            return false;
        }

        ReadOnlySpan<byte> network = frame[offset..];
        switch (decoded.EtherType)
        {
            case EtherTypes.IPv4:
                ReadIPv4(network, ref decoded);
                break;
            case EtherTypes.IPv6:
                ReadIPv6(network, ref decoded);
                break;
            case EtherTypes.Arp:
                ReadArp(network, ref decoded);
                break;
        }

        summary = new FrameSummary(decoded);
        return true;
    }

    private static bool IsEthernet(ReadOnlySpan<byte> frame, ushort protocol)
    {
        if (frame.Length < EthernetHeaderLength)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);

        // Values below 0x0600 are 802.3 lengths, not types.
        return type == protocol || EtherTypes.IsVlanTag(type) || (protocol == 0 && type >= 0x0600);
    }

    private static bool IsBareIp(ReadOnlySpan<byte> frame, ushort protocol) =>
        frame.Length > 0 && (frame[0] >> 4) == protocol switch
        {
            EtherTypes.IPv4 => 4,
            EtherTypes.IPv6 => 6,
            _ => -1,
        };

    /// <summary>Steps over 802.1Q/802.1ad tags, keeping the first two ids; false when the frame ends inside them.</summary>
    private static bool ReadVlanTags(ReadOnlySpan<byte> frame, ref int offset, ref Decoded decoded)
    {
        while (EtherTypes.IsVlanTag(decoded.EtherType))
        {
            if (decoded.VlanCount == MaxVlanTags)
            {
                decoded.Layers |= FrameLayers.Malformed;
                return false;
            }

            if (frame.Length - offset < 4)
            {
                decoded.Layers |= FrameLayers.Truncated;
                return false;
            }

            ushort id = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]) & 0x0fff);
            if (decoded.VlanCount == 0)
            {
                decoded.Vlan = id;
            }
            else if (decoded.VlanCount == 1)
            {
                decoded.InnerVlan = id;
            }

            decoded.VlanCount++;
            decoded.Layers |= FrameLayers.Vlan;
            decoded.EtherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += 4;
        }

        return true;
    }

    private static void ReadIPv4(ReadOnlySpan<byte> packet, ref Decoded decoded)
    {
        if (packet.Length < IPv4MinimumHeaderLength)
        {
            decoded.Layers |= FrameLayers.Truncated;
            return;
        }

        int headerLength = (packet[0] & 0x0f) * 4;
        if (packet[0] >> 4 != 4 || headerLength < IPv4MinimumHeaderLength)
        {
            decoded.Layers |= FrameLayers.Malformed;
            return;
        }

        decoded.Layers |= FrameLayers.IPv4 | FrameLayers.IpProtocol;
        decoded.IpProtocol = packet[9];
        decoded.Source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        decoded.Destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        if (packet.Length < headerLength)
        {
            decoded.Layers |= FrameLayers.Truncated;
            return;
        }

        // A later fragment's payload continues the transport data; its first bytes are not ports.
        if ((BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1fff) != 0)
        {
            decoded.Layers |= FrameLayers.Fragment;
            return;
        }

        ReadTransport(packet[headerLength..], isIPv6: false, ref decoded);
    }

    private static void ReadIPv6(ReadOnlySpan<byte> packet, ref Decoded decoded)
    {
        if (packet.Length < IPv6HeaderLength)
        {
            decoded.Layers |= FrameLayers.Truncated;
            return;
        }

        if (packet[0] >> 4 != 6)
        {
            decoded.Layers |= FrameLayers.Malformed;
            return;
        }

        decoded.Layers |= FrameLayers.IPv6;
        decoded.Source = BinaryPrimitives.ReadUInt128BigEndian(packet[8..]);
        decoded.Destination = BinaryPrimitives.ReadUInt128BigEndian(packet[24..]);
        byte next = packet[6];
        int offset = IPv6HeaderLength;
        for (int headers = 0; IpProtocols.IsIPv6ExtensionHeader(next); headers++)
        {
            if (headers == MaxExtensionHeaders)
            {
                decoded.Layers |= FrameLayers.Malformed;
                return;
            }

            ReadOnlySpan<byte> header = packet[offset..];
            int length = next switch
            {
                IpProtocols.Fragment => 8,
                IpProtocols.Ah => header.Length >= 2 ? (header[1] + 2) * 4 : 8,
                _ => header.Length >= 2 ? (header[1] + 1) * 8 : 8,
            };
            if (header.Length < length)
            {
                // The transport protocol is somewhere past the end of what we have.
                decoded.Layers |= FrameLayers.Truncated;
                return;
            }

            if (next == IpProtocols.Fragment && (BinaryPrimitives.ReadUInt16BigEndian(header[2..]) & 0xfff8) != 0)
            {
                decoded.IpProtocol = header[0];
                decoded.Layers |= FrameLayers.IpProtocol | FrameLayers.Fragment;
                return;
            }

            next = header[0];
            offset += length;
        }

        decoded.IpProtocol = next;
        decoded.Layers |= FrameLayers.IpProtocol;
        ReadTransport(packet[offset..], isIPv6: true, ref decoded);
    }

    private static void ReadTransport(ReadOnlySpan<byte> segment, bool isIPv6, ref Decoded decoded)
    {
        byte protocol = decoded.IpProtocol;
        if (IpProtocols.HasPorts(protocol))
        {
            if (segment.Length < 4)
            {
                decoded.Layers |= FrameLayers.Truncated;
                return;
            }

            decoded.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment);
            decoded.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
            decoded.Layers |= FrameLayers.Ports;
        }
        else if (protocol == (isIPv6 ? IpProtocols.Icmpv6 : IpProtocols.Icmp))
        {
            if (segment.Length < 2)
            {
                decoded.Layers |= FrameLayers.Truncated;
                return;
            }

            decoded.IcmpType = segment[0];
            decoded.IcmpCode = segment[1];
            decoded.Layers |= FrameLayers.Icmp;
        }
    }

    /// <summary>ARP for IPv4 (RFC 826): any hardware address length, 4-byte protocol addresses.</summary>
    private static void ReadArp(ReadOnlySpan<byte> packet, ref Decoded decoded)
    {
        if (packet.Length < 8)
        {
            decoded.Layers |= FrameLayers.Truncated;
            return;
        }

        ushort protocolType = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        int hardwareLength = packet[4];
        if (protocolType != EtherTypes.IPv4 || packet[5] != 4)
        {
            return;
        }

        int length = 8 + (2 * hardwareLength) + 8;
        if (packet.Length < length)
        {
            decoded.Layers |= FrameLayers.Truncated;
            return;
        }

        decoded.ArpOperation = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        decoded.Source = BinaryPrimitives.ReadUInt32BigEndian(packet[(8 + hardwareLength)..]);
        decoded.Destination = BinaryPrimitives.ReadUInt32BigEndian(packet[(8 + hardwareLength + 4 + hardwareLength)..]);
        decoded.Layers |= FrameLayers.Arp;
    }

    /// <summary>The fields as the parser fills them in, before they become the readonly summary.</summary>
    private struct Decoded
    {
        public FrameLayers Layers;
        public ushort EtherType;
        public int VlanCount;
        public ushort Vlan;
        public ushort InnerVlan;
        public byte IpProtocol;
        public ushort SourcePort;
        public ushort DestinationPort;
        public byte IcmpType;
        public byte IcmpCode;
        public ushort ArpOperation;
        public UInt128 Source;
        public UInt128 Destination;
    }
}
