using System;

namespace NetDrop.Frames;

/// <summary>The EtherType values NetDrop names (the kernel's ETH_P_* in if_ether.h; skb->protocol holds one).</summary>
public static class EtherTypes
{
    public const ushort IPv4 = 0x0800;
    public const ushort Arp = 0x0806;
    public const ushort Vlan = 0x8100;
    public const ushort IPv6 = 0x86dd;
    public const ushort Mpls = 0x8847;
    public const ushort QinQ = 0x88a8;
    public const ushort Lldp = 0x88cc;

    /// <summary>The pre-standard 802.1ad tag some switches still send.</summary>
    public const ushort QinQLegacy = 0x9100;

    private static readonly ushort[] Named = [IPv4, Arp, Vlan, IPv6, Mpls, QinQ, Lldp];

    /// <summary>Whether a tag of this type (802.1Q, 802.1ad) follows, rather than the network header.</summary>
    public static bool IsVlanTag(ushort etherType) => etherType is Vlan or QinQ or QinQLegacy;

    /// <summary>"ipv4", "ipv6", "arp", …, or null for a type without a name here.</summary>
    public static string? Name(ushort etherType) => etherType switch
    {
        IPv4 => "ipv4",
        Arp => "arp",
        Vlan => "vlan",
        IPv6 => "ipv6",
        Mpls => "mpls",
        QinQ => "qinq",
        Lldp => "lldp",
        _ => null,
    };

    /// <summary>The value of a name <see cref="Name"/> gives (ASCII case ignored).</summary>
    public static bool TryParse(string name, out ushort etherType)
    {
        foreach (ushort known in Named)
        {
            if (string.Equals(Name(known), name, StringComparison.OrdinalIgnoreCase))
            {
                etherType = known;
                return true;
            }
        }

        etherType = 0;
        return false;
    }
}
