using System.Globalization;
using System.Text;
using NetDrop.Frames;

namespace NetDrop.Cli.Output;

/// <summary>
/// A dropped packet in a few words, tcpdump-like: "UDP 127.0.0.1:40000 > 127.0.0.1:53",
/// "vlan 100 TCP [2001:db8::1]:1234 > [2001:db8::2]:443", or only "IPv6" when the source sent no payload.
/// </summary>
internal static class FrameText
{
    /// <summary>The frame's headers in a few words; "len N" at the end when <paramref name="originalLength"/> is given.</summary>
    public static string Describe(in FrameSummary frame, int? originalLength)
    {
        var text = new StringBuilder();
        if (frame.VlanCount > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"vlan {frame.Vlan}");
            if (frame.VlanCount > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"/{frame.InnerVlan}");
            }

            text.Append(' ');
        }

        if ((frame.Layers & FrameLayers.Arp) != 0)
        {
            string operation = frame.ArpOperation switch
            {
                1 => "request",
                2 => "reply",
                _ => "op " + frame.ArpOperation.ToString(CultureInfo.InvariantCulture),
            };
            text.Append(CultureInfo.InvariantCulture, $"ARP {operation} {frame.SourceAddress} > {frame.DestinationAddress}");
        }
        else if (frame.HasAddresses)
        {
            text.Append(frame.HasIpProtocol ? ProtocolName(frame.IpProtocol) : NetworkName(frame.EtherType)).Append(' ');
            if (frame.HasPorts)
            {
                text.Append(Endpoint(frame, frame.SourceAddress!.ToString(), frame.SourcePort)).Append(" > ")
                    .Append(Endpoint(frame, frame.DestinationAddress!.ToString(), frame.DestinationPort));
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{frame.SourceAddress} > {frame.DestinationAddress}");
            }

            if (frame.HasIcmp)
            {
                text.Append(CultureInfo.InvariantCulture, $" type {frame.IcmpType} code {frame.IcmpCode}");
            }

            if ((frame.Layers & FrameLayers.Fragment) != 0)
            {
                text.Append(" fragment");
            }
        }
        else
        {
            text.Append(NetworkName(frame.EtherType));
        }

        if (frame.IsTruncated)
        {
            text.Append(" (truncated)");
        }
        else if ((frame.Layers & FrameLayers.Malformed) != 0)
        {
            text.Append(" (malformed)");
        }

        if (originalLength is { } length)
        {
            text.Append(CultureInfo.InvariantCulture, $" len {length}");
        }

        return text.ToString();
    }

    /// <summary>"IPv4", "IPv6", "ARP", "ethertype 0x88b5".</summary>
    public static string NetworkName(ushort etherType) => etherType switch
    {
        EtherTypes.IPv4 => "IPv4",
        EtherTypes.IPv6 => "IPv6",
        _ => EtherTypes.Name(etherType)?.ToUpperInvariant() ?? "ethertype 0x" + etherType.ToString("x4", CultureInfo.InvariantCulture),
    };

    /// <summary>"UDP", "ICMPv6", "proto 253".</summary>
    public static string ProtocolName(byte protocol) => protocol switch
    {
        IpProtocols.Icmpv6 => "ICMPv6",
        IpProtocols.UdpLite => "UDP-Lite",
        _ => IpProtocols.Name(protocol)?.ToUpperInvariant() ?? "proto " + protocol.ToString(CultureInfo.InvariantCulture),
    };

    private static string Endpoint(in FrameSummary frame, string address, ushort port) =>
        frame.AddressVersion == 6
            ? string.Create(CultureInfo.InvariantCulture, $"[{address}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{address}:{port}");
}
