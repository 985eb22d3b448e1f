using System;
using static NetDrop.Tests.Frames.TestFrames;

namespace NetDrop.Tests.Watch;

/// <summary>Drops of every shape the filter and the outputs meet, built from real header layouts.</summary>
internal static class SampleDrops
{
    /// <summary>NET_DM: UDP 127.0.0.1:40000 → 127.0.0.1:53 on lo, NO_SOCKET in __udp4_lib_rcv.</summary>
    public static readonly DropEvent UdpNoSocket = new(
        1_795_312_281_661_526_123, DropReason.NoSocket, "NO_SOCKET", 0, 0xffffffff81a2b3c4, "__udp4_lib_rcv+0x9a2/0xc50", 1, 0x0800,
        Concat(Ethernet(0x0800), IPv4("127.0.0.1", "127.0.0.1", 17, Udp(40000, 53))), DropSource.NetDm)
    {
        InterfaceName = "lo",
        OriginalLength = 47,
    };

    /// <summary>The tracepoint: an IPv6 packet an nft rule dropped; no payload, no interface.</summary>
    public static readonly DropEvent NftIPv6 = new(
        1_795_312_282_000_000_000, DropReason.NetfilterDrop, "NETFILTER_DROP", 0, 0xffffffffc0a1b2c3, "nft_do_chain+0x47f/0x5e0 [nf_tables]", null, 0x86dd,
        default, DropSource.Tracepoint);

    /// <summary>NET_DM hardware drop: TCP over IPv6 in VLAN 100 on eth0, reason unknown to the kernel's software path.</summary>
    public static readonly DropEvent HardwareTcp = new(
        1_795_312_283_000_000_000, null, null, 0, 0, null, 2, 0x8100,
        Concat(Ethernet(0x86dd, (0x8100, 100)), IPv6("2001:db8::1", "2001:db8::2", 6, Tcp(1234, 443))), DropSource.NetDm)
    {
        InterfaceName = "eth0",
        IsHardwareDrop = true,
        HardwareTrap = "l2_drops/ingress_vlan_filter",
    };

    /// <summary>NET_DM: an ICMP echo with a reason a newer kernel has and the catalogue does not, in a subsystem.</summary>
    public static readonly DropEvent FutureIcmp = new(
        1_795_312_284_000_000_000, null, "FUTURE_REASON", 3, 0xffffffff81000010, "ovs_dp_process_packet+0x10", 7, 0x0800,
        Concat(Ethernet(0x0800), IPv4("10.1.2.3", "192.168.1.1", 1, Icmp(8, 0))), DropSource.NetDm)
    {
        InterfaceName = "veth-a.10",
    };

    /// <summary>BPF: UDP 10.219.0.1:40000 → 10.219.0.2:9 on ndbpfb, NO_SOCKET, sent by bash 4242 in namespace 4026532304, marked 0x2a.</summary>
    public static readonly DropEvent BpfUdp = new(
        1_795_312_285_000_000_000, DropReason.NoSocket, "NO_SOCKET", 0, 0xffffffff81a2b3c4, "__udp4_lib_rcv+0x4bc", 7, 0x0800,
        Concat(Ethernet(0x0800), IPv4("10.219.0.1", "10.219.0.2", 17, Udp(40000, 9))), DropSource.Bpf)
    {
        InterfaceName = "ndbpfb",
        NetnsInode = 4026532304,
        Cpu = 1,
        Pid = 4242,
        Tid = 4243,
        Comm = "bash",
        Mark = 0x2a,
        Length = 15,
        LocalPort = 5353,
    };

    /// <summary>The tracepoint: the same drop, with only the CPU and the task (common_pid, its process and name from /proc).</summary>
    public static readonly DropEvent TracepointUdp = new(
        1_795_312_285_000_000_000, DropReason.NoSocket, "NO_SOCKET", 0, 0xffffffff81a2b3c4, "__udp4_lib_rcv+0x4bc", null, 0x0800, default, DropSource.Tracepoint)
    {
        Cpu = 0,
        Pid = 4242,
        Tid = 4242,
        Comm = "bash",
    };

    public static readonly DropEvent[] All = [UdpNoSocket, NftIPv6, HardwareTcp, FutureIcmp];
}
