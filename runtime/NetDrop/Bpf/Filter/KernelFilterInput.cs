using System;
using System.Buffers.Binary;
using NetDrop.Frames;

namespace NetDrop.Bpf.Filter;

/// <summary>
/// What the BPF program knows of a drop when it tests the filter, modelled in C#: the same fields,
/// read from the same bytes by the same rules (<see cref="KernelFilterCode"/> emits them). The program
/// reads the packet's headers the way <see cref="FrameSummary"/> does for the frames it can read with
/// fixed offsets: Ethernet or a bare IP packet, then IPv4 (any header length) or IPv6 without extension
/// headers. A frame with VLAN tags, ARP, or IPv6 extension headers is <see cref="Undecided"/>: the
/// program delivers it and user space applies the whole filter.
/// </summary>
public readonly struct KernelFilterInput
{
    /// <summary>Bytes of the packet the program reads into its stack: Ethernet (14) and IPv6 (40) with ports (4) fit.</summary>
    public const int NetworkScratch = 64;

    public const int EthernetHeaderLength = 14;

    public uint Reason { get; init; }

    public uint InterfaceIndex { get; init; }

    public uint NamespaceInode { get; init; }

    public uint Mark { get; init; }

    public ushort EtherType { get; init; }

    public bool HasIpProtocol { get; init; }

    public byte IpProtocol { get; init; }

    public bool HasPorts { get; init; }

    public ushort SourcePort { get; init; }

    public ushort DestinationPort { get; init; }

    /// <summary>4, 6, or 0 without addresses.</summary>
    public int AddressVersion { get; init; }

    public UInt128 Source { get; init; }

    public UInt128 Destination { get; init; }

    /// <summary>The packet has headers the program does not read; filters on its contents are left to user space.</summary>
    public bool Undecided { get; init; }

    /// <summary>
    /// The fields as the program reads them: <paramref name="packet"/> is what the record's packet holds
    /// (at most the snap length, from the MAC header or else the network header, within the linear data).
    /// </summary>
    public static KernelFilterInput Read(uint reason, uint interfaceIndex, uint namespaceInode, uint mark, ushort protocol, ReadOnlySpan<byte> packet)
    {
        var input = new KernelFilterInput { Reason = reason, InterfaceIndex = interfaceIndex, NamespaceInode = namespaceInode, Mark = mark, EtherType = protocol };
        int offset;
        ushort etherType = protocol;
        if (packet.Length >= EthernetHeaderLength && Type(packet) is ushort type && (EtherTypes.IsVlanTag(type) || type == protocol || (protocol == 0 && type >= 0x0600)))
        {
            if (EtherTypes.IsVlanTag(type))
            {
                return input with { Undecided = true };
            }

            etherType = type;
            offset = EthernetHeaderLength;
        }
        else if (packet.Length > 0 && ((protocol == EtherTypes.IPv4 && packet[0] >> 4 == 4) || (protocol == EtherTypes.IPv6 && packet[0] >> 4 == 6)))
        {
            offset = 0;
        }
        else
        {
            return input;
        }

        input = input with { EtherType = etherType };
        ReadOnlySpan<byte> network = packet[offset..];
        return etherType switch
        {
            EtherTypes.IPv4 => ReadIPv4(input, network),
            EtherTypes.IPv6 => ReadIPv6(input, network),
            EtherTypes.Arp => input with { Undecided = true },
            _ => input,
        };
    }

    private static ushort Type(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[12..]);

    private static KernelFilterInput ReadIPv4(KernelFilterInput input, ReadOnlySpan<byte> packet)
    {
        int headerLength = packet.Length >= 20 ? (packet[0] & 0x0f) * 4 : 0;
        if (packet.Length < 20 || packet[0] >> 4 != 4 || headerLength < 20)
        {
            return input;
        }

        byte protocol = packet[9];
        input = input with
        {
            HasIpProtocol = true,
            IpProtocol = protocol,
            AddressVersion = 4,
            Source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]),
            Destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]),
        };
        bool fragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1fff) != 0;
        return !fragment && IpProtocols.HasPorts(protocol) && packet.Length - headerLength >= 4 ? WithPorts(input, packet[headerLength..]) : input;
    }

    private static KernelFilterInput ReadIPv6(KernelFilterInput input, ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 40 || packet[0] >> 4 != 6)
        {
            return input;
        }

        byte next = packet[6];
        input = input with
        {
            AddressVersion = 6,
            Source = BinaryPrimitives.ReadUInt128BigEndian(packet[8..]),
            Destination = BinaryPrimitives.ReadUInt128BigEndian(packet[24..]),
        };
        if (IpProtocols.IsIPv6ExtensionHeader(next))
        {
            return input with { Undecided = true };
        }

        input = input with { HasIpProtocol = true, IpProtocol = next };
        return IpProtocols.HasPorts(next) && packet.Length - 40 >= 4 ? WithPorts(input, packet[40..]) : input;
    }

    private static KernelFilterInput WithPorts(KernelFilterInput input, ReadOnlySpan<byte> segment) => input with
    {
        HasPorts = true,
        SourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment),
        DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]),
    };
}
