using System;

namespace NetDrop.Frames;

/// <summary>The IP protocol numbers NetDrop names (IANA "Assigned Internet Protocol Numbers"; IPPROTO_* in in.h).</summary>
public static class IpProtocols
{
    public const byte HopByHop = 0;
    public const byte Icmp = 1;
    public const byte Igmp = 2;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Dccp = 33;
    public const byte Routing = 43;
    public const byte Fragment = 44;
    public const byte Gre = 47;
    public const byte Esp = 50;
    public const byte Ah = 51;
    public const byte Icmpv6 = 58;
    public const byte NoNextHeader = 59;
    public const byte DestinationOptions = 60;
    public const byte Sctp = 132;
    public const byte Mobility = 135;
    public const byte UdpLite = 136;
    public const byte Hip = 139;
    public const byte Shim6 = 140;

    private static readonly byte[] Named = [Icmp, Igmp, Tcp, Udp, Dccp, Gre, Esp, Ah, Icmpv6, Sctp, UdpLite];

    /// <summary>"tcp", "udp", "icmp", "icmpv6", …, or null for a protocol without a name here.</summary>
    public static string? Name(byte protocol) => protocol switch
    {
        Icmp => "icmp",
        Igmp => "igmp",
        Tcp => "tcp",
        Udp => "udp",
        Dccp => "dccp",
        Gre => "gre",
        Esp => "esp",
        Ah => "ah",
        Icmpv6 => "icmpv6",
        Sctp => "sctp",
        UdpLite => "udplite",
        _ => null,
    };

    /// <summary>The value of a name <see cref="Name"/> gives (ASCII case ignored).</summary>
    public static bool TryParse(string name, out byte protocol)
    {
        foreach (byte known in Named)
        {
            if (string.Equals(Name(known), name, StringComparison.OrdinalIgnoreCase))
            {
                protocol = known;
                return true;
            }
        }

        protocol = 0;
        return false;
    }

    /// <summary>Transport protocols whose header starts with a 16-bit source and destination port.</summary>
    public static bool HasPorts(byte protocol) => protocol is Tcp or Udp or UdpLite or Sctp or Dccp;

    /// <summary>
    /// IPv6 extension headers that share the generic form (next header, then length in 8-octet units
    /// beyond the first; AH in 4-octet units beyond the first two), RFC 8200 section 4 and RFC 4302.
    /// ESP is not one: what follows it is encrypted.
    /// </summary>
    public static bool IsIPv6ExtensionHeader(byte protocol) =>
        protocol is HopByHop or Routing or Fragment or DestinationOptions or Ah or Mobility or Hip or Shim6;
}
