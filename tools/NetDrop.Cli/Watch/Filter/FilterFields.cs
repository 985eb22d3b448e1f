using System;
using System.Collections.Generic;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>Every field's name, value kind, range and meaning: the parser, the error messages and --help read this one table.</summary>
internal static class FilterFields
{
    public static readonly IReadOnlyList<FieldInfo> All =
    [
        new(FilterField.Reason, "reason", FilterValueKind.Text, 0, "drop reason as the kernel names it (NO_SOCKET)"),
        new(FilterField.Subsystem, "subsystem", FilterValueKind.Number, ushort.MaxValue, "reason subsystem: core, mac80211_unusable, mac80211_monitor, openvswitch or a number"),
        new(FilterField.Symbol, "symbol", FilterValueKind.Text, 0, "kernel function that dropped it, without +offset (nft_do_chain)"),
        new(FilterField.Iface, "iface", FilterValueKind.Text, 0, "input interface name (NET_DM only)"),
        new(FilterField.IfIndex, "ifindex", FilterValueKind.Number, int.MaxValue, "input interface index (NET_DM only)"),
        new(FilterField.Proto, "proto", FilterValueKind.Number, byte.MaxValue, "transport protocol: tcp, udp, icmp, icmpv6, sctp, … or a number (payload)"),
        new(FilterField.EtherType, "ethertype", FilterValueKind.Number, ushort.MaxValue, "network protocol: ipv4, ipv6, arp, … or a number (skb->protocol, or after VLAN tags)"),
        new(FilterField.Src, "src", FilterValueKind.Address, 0, "source address (payload)"),
        new(FilterField.Dst, "dst", FilterValueKind.Address, 0, "destination address (payload)"),
        new(FilterField.SrcPort, "sport", FilterValueKind.Number, ushort.MaxValue, "source port of TCP, UDP, SCTP, DCCP (payload)"),
        new(FilterField.DstPort, "dport", FilterValueKind.Number, ushort.MaxValue, "destination port (payload)"),
        new(FilterField.Vlan, "vlan", FilterValueKind.Number, 4095, "outer VLAN id (payload)"),
        new(FilterField.Source, "source", FilterValueKind.Text, 0, "where the drop was seen: netdm or tracepoint"),
        new(FilterField.Hw, "hw", FilterValueKind.Boolean, 0, "dropped by a device (NET_DM hardware drops)"),
        new(FilterField.Netns, "netns", FilterValueKind.Number, uint.MaxValue, "network namespace inode, as ip netns identify shows it (BPF only)"),
        new(FilterField.Mark, "mark", FilterValueKind.Number, uint.MaxValue, "skb->mark (BPF only)"),
    ];

    public static FieldInfo? Find(string name)
    {
        foreach (FieldInfo field in All)
        {
            if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }

        return null;
    }

    public static FieldInfo Get(FilterField field) => All[(int)field];

    /// <summary>One field of a drop, as the filter knows it.</summary>
    /// <param name="Max">The largest value of a number field.</param>
    internal sealed record FieldInfo(FilterField Field, string Name, FilterValueKind Kind, long Max, string Description);
}
