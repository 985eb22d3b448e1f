using System;
using System.Net;
using NetDrop.Frames;
using static NetDrop.Tests.Frames.TestFrames;

namespace NetDrop.Tests.Frames;

/// <summary>Handcrafted frames: VLAN stacks, IPv6 extension chains, ICMP, ARP, bare IP, fragments and damage.</summary>
public class FrameSummaryTests
{
    [Fact]
    public void Udp_over_ipv4_on_ethernet_gives_addresses_and_ports()
    {
        byte[] frame = Concat(Ethernet(0x0800), IPv4("10.1.2.3", "192.0.2.9", 17, Udp(40000, 53)));

        Assert.True(FrameSummary.TryParse(frame, 0x0800, out FrameSummary s));

        Assert.Equal(FrameLayers.Ethernet | FrameLayers.IPv4 | FrameLayers.IpProtocol | FrameLayers.Ports, s.Layers);
        Assert.Equal(0x0800, s.EtherType);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), s.SourceAddress);
        Assert.Equal(IPAddress.Parse("192.0.2.9"), s.DestinationAddress);
        Assert.Equal(0x0a010203u, (uint)s.SourceBits);
        Assert.Equal(17, s.IpProtocol);
        Assert.Equal(40000, s.SourcePort);
        Assert.Equal(53, s.DestinationPort);
        Assert.Equal(0, s.VlanCount);
    }

    [Fact]
    public void An_802_1q_tag_is_stepped_over_and_its_id_kept_without_the_priority_bits()
    {
        byte[] frame = Concat(Ethernet(0x0800, (0x8100, 100)), IPv4("10.0.0.1", "10.0.0.2", 6, Tcp(1234, 80)));

        // With the tag in the bytes, skb->protocol is the tag's type.
        Assert.True(FrameSummary.TryParse(frame, 0x8100, out FrameSummary s));

        Assert.Equal(1, s.VlanCount);
        Assert.Equal(100, s.Vlan);
        Assert.Equal(0x0800, s.EtherType);
        Assert.True((s.Layers & FrameLayers.Vlan) != 0);
        Assert.Equal((6, 1234, 80), (s.IpProtocol, s.SourcePort, s.DestinationPort));
    }

    [Fact]
    public void An_802_1ad_stack_gives_the_outer_and_inner_ids()
    {
        byte[] frame = Concat(Ethernet(0x86dd, (0x88a8, 4000), (0x8100, 7)), IPv6("2001:db8::1", "2001:db8::2", 17, Udp(5353, 5353)));

        Assert.True(FrameSummary.TryParse(frame, 0x88a8, out FrameSummary s));

        Assert.Equal(2, s.VlanCount);
        Assert.Equal(4000, s.Vlan);
        Assert.Equal(7, s.InnerVlan);
        Assert.Equal(0x86dd, s.EtherType);
        Assert.Equal(IPAddress.Parse("2001:db8::2"), s.DestinationAddress);
        Assert.Equal(5353, s.DestinationPort);
    }

    [Fact]
    public void A_stack_of_more_tags_than_any_network_uses_is_malformed()
    {
        var tags = new (ushort, ushort)[9];
        Array.Fill(tags, ((ushort)0x8100, (ushort)1));
        byte[] frame = Concat(Ethernet(0x0800, tags), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1, 2)));

        Assert.True(FrameSummary.TryParse(frame, 0x8100, out FrameSummary s));

        Assert.True((s.Layers & FrameLayers.Malformed) != 0);
        Assert.False(s.HasAddresses);
    }

    [Fact]
    public void Ipv6_extension_headers_are_walked_to_the_transport_header()
    {
        byte[] chain = ExtensionHeader(IpProtocols.Routing, 0,
            ExtensionHeader(IpProtocols.Ah, 2,
                AuthenticationHeader(IpProtocols.DestinationOptions, 6,
                    ExtensionHeader(IpProtocols.Fragment, 1,
                        FragmentHeader(IpProtocols.Tcp, 0, more: true, Tcp(443, 50000))))));
        byte[] frame = Concat(Ethernet(0x86dd), IPv6("fe80::1", "ff02::1", IpProtocols.HopByHop, chain));

        Assert.True(FrameSummary.TryParse(frame, 0x86dd, out FrameSummary s));

        Assert.Equal(FrameLayers.Ethernet | FrameLayers.IPv6 | FrameLayers.IpProtocol | FrameLayers.Ports, s.Layers);
        Assert.Equal(IpProtocols.Tcp, s.IpProtocol);
        Assert.Equal((443, 50000), (s.SourcePort, s.DestinationPort));
    }

    [Fact]
    public void A_later_ipv6_fragment_has_a_protocol_but_no_ports()
    {
        byte[] frame = Concat(Ethernet(0x86dd), IPv6("::1", "::2", IpProtocols.Fragment, FragmentHeader(IpProtocols.Udp, 185, more: false, Udp(1, 2))));

        Assert.True(FrameSummary.TryParse(frame, 0x86dd, out FrameSummary s));

        Assert.Equal(IpProtocols.Udp, s.IpProtocol);
        Assert.True((s.Layers & FrameLayers.Fragment) != 0);
        Assert.False(s.HasPorts);
    }

    [Fact]
    public void A_later_ipv4_fragment_has_a_protocol_but_no_ports()
    {
        byte[] frame = Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1, 2), fragmentOffset: 0x2000 | 185));

        Assert.True(FrameSummary.TryParse(frame, 0x0800, out FrameSummary s));

        Assert.True(s.HasIpProtocol);
        Assert.True((s.Layers & FrameLayers.Fragment) != 0);
        Assert.False(s.HasPorts);
    }

    [Fact]
    public void The_first_ipv4_fragment_has_ports_even_with_more_fragments_set()
    {
        byte[] frame = Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(7, 9), fragmentOffset: 0x2000));

        Assert.True(FrameSummary.TryParse(frame, 0x0800, out FrameSummary s));

        Assert.Equal((7, 9), (s.SourcePort, s.DestinationPort));
    }

    [Fact]
    public void Ipv4_options_are_skipped_by_the_header_length()
    {
        byte[] frame = Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1000, 2000), optionWords: 3));

        Assert.True(FrameSummary.TryParse(frame, 0x0800, out FrameSummary s));

        Assert.Equal((1000, 2000), (s.SourcePort, s.DestinationPort));
    }

    [Theory]
    [InlineData(8, 0, "10.0.0.1")] // echo request
    [InlineData(3, 3, "10.0.0.9")] // port unreachable
    public void Icmp_gives_type_and_code(byte type, byte code, string source)
    {
        byte[] frame = Concat(Ethernet(0x0800), IPv4(source, "10.0.0.2", 1, Icmp(type, code)));

        Assert.True(FrameSummary.TryParse(frame, 0x0800, out FrameSummary s));

        Assert.Equal(FrameLayers.Ethernet | FrameLayers.IPv4 | FrameLayers.IpProtocol | FrameLayers.Icmp, s.Layers);
        Assert.Equal((type, code), (s.IcmpType, s.IcmpCode));
        Assert.Equal(IPAddress.Parse(source), s.SourceAddress);
    }

    [Fact]
    public void Icmpv6_after_a_hop_by_hop_header_gives_type_and_code()
    {
        // An MLDv2 report as the kernel sends it: hop-by-hop with router alert, then ICMPv6 type 143.
        byte[] frame = Concat(Ethernet(0x86dd), IPv6("fe80::1", "ff02::16", IpProtocols.HopByHop, ExtensionHeader(IpProtocols.Icmpv6, 0, Icmp(143, 0))));

        Assert.True(FrameSummary.TryParse(frame, 0x86dd, out FrameSummary s));

        Assert.Equal(IpProtocols.Icmpv6, s.IpProtocol);
        Assert.Equal((143, 0), (s.IcmpType, s.IcmpCode));
    }

    [Fact]
    public void Icmp_type_numbers_in_ipv6_are_not_read_as_icmpv4()
    {
        // Protocol 1 inside IPv6 is not ICMPv6: no type and code are claimed.
        byte[] frame = Concat(Ethernet(0x86dd), IPv6("::1", "::2", IpProtocols.Icmp, Icmp(8, 0)));

        Assert.True(FrameSummary.TryParse(frame, 0x86dd, out FrameSummary s));

        Assert.False(s.HasIcmp);
        Assert.Equal(IpProtocols.Icmp, s.IpProtocol);
    }

    [Fact]
    public void Arp_gives_the_operation_and_the_sender_and_target_addresses()
    {
        byte[] frame = Concat(Ethernet(0x0806), Arp(1, "10.213.0.1", "10.213.0.2"));

        Assert.True(FrameSummary.TryParse(frame, 0x0806, out FrameSummary s));

        Assert.Equal(FrameLayers.Ethernet | FrameLayers.Arp, s.Layers);
        Assert.Equal(1, s.ArpOperation);
        Assert.Equal(4, s.AddressVersion);
        Assert.Equal(IPAddress.Parse("10.213.0.1"), s.SourceAddress);
        Assert.Equal(IPAddress.Parse("10.213.0.2"), s.DestinationAddress);
        Assert.False(s.HasIpProtocol);
    }

    [Fact]
    public void A_packet_from_a_device_without_link_header_is_read_from_the_ip_header()
    {
        // tun, WireGuard, ipip: the MAC header is the network header.
        byte[] packet = IPv6("fd00::1", "fd00::2", 17, Udp(51820, 51820));

        Assert.True(FrameSummary.TryParse(packet, 0x86dd, out FrameSummary s));

        Assert.Equal(FrameLayers.IPv6 | FrameLayers.IpProtocol | FrameLayers.Ports, s.Layers);
        Assert.Equal(51820, s.DestinationPort);
    }

    [Fact]
    public void With_no_protocol_given_an_ethertype_in_the_frame_is_trusted()
    {
        byte[] frame = Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1, 2)));

        Assert.True(FrameSummary.TryParse(frame, 0, out FrameSummary s));

        Assert.Equal(0x0800, s.EtherType);
        Assert.True(s.HasPorts);
    }

    [Fact]
    public void No_payload_leaves_only_the_protocol()
    {
        Assert.False(FrameSummary.TryParse(ReadOnlySpan<byte>.Empty, 0x86dd, out FrameSummary s));

        Assert.Equal(FrameLayers.None, s.Layers);
        Assert.Equal(0x86dd, s.EtherType);
        Assert.Null(s.SourceAddress);
    }

    [Fact]
    public void A_frame_cut_inside_the_udp_header_keeps_the_addresses_and_says_truncated()
    {
        byte[] frame = Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1, 2)));

        Assert.True(FrameSummary.TryParse(frame.AsSpan(0, 14 + 20 + 3), 0x0800, out FrameSummary s));

        Assert.Equal(FrameLayers.Ethernet | FrameLayers.IPv4 | FrameLayers.IpProtocol | FrameLayers.Truncated, s.Layers);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), s.DestinationAddress);
        Assert.False(s.HasPorts);
    }

    [Fact]
    public void A_frame_cut_inside_an_ipv6_extension_header_has_addresses_but_no_protocol()
    {
        byte[] frame = Concat(Ethernet(0x86dd), IPv6("::1", "::2", IpProtocols.HopByHop, ExtensionHeader(IpProtocols.Udp, 1, Udp(1, 2))));

        Assert.True(FrameSummary.TryParse(frame.AsSpan(0, 14 + 40 + 10), 0x86dd, out FrameSummary s));

        Assert.Equal(FrameLayers.Ethernet | FrameLayers.IPv6 | FrameLayers.Truncated, s.Layers);
        Assert.False(s.HasIpProtocol);
    }

    [Theory]
    [InlineData(0x44)] // header length 16 bytes
    [InlineData(0x65)] // version 6 under an IPv4 EtherType
    public void An_impossible_ipv4_header_is_malformed(byte versionAndLength)
    {
        byte[] frame = Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1, 2)));
        frame[14] = versionAndLength;

        Assert.True(FrameSummary.TryParse(frame, 0x0800, out FrameSummary s));

        Assert.Equal(FrameLayers.Ethernet | FrameLayers.Malformed, s.Layers);
        Assert.False(s.HasAddresses);
    }

    [Fact]
    public void An_endless_chain_of_ipv6_extension_headers_is_malformed()
    {
        byte[] chain = Udp(1, 2);
        for (int i = 0; i < 20; i++)
        {
            chain = ExtensionHeader(i == 0 ? IpProtocols.Udp : IpProtocols.DestinationOptions, 0, chain);
        }

        byte[] frame = Concat(Ethernet(0x86dd), IPv6("::1", "::2", IpProtocols.DestinationOptions, chain));

        Assert.True(FrameSummary.TryParse(frame, 0x86dd, out FrameSummary s));

        Assert.True((s.Layers & FrameLayers.Malformed) != 0);
        Assert.False(s.HasPorts);
    }

    [Fact]
    public void Parsing_allocates_nothing()
    {
        byte[][] frames =
        [
            Concat(Ethernet(0x0800, (0x8100, 5)), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1, 2))),
            Concat(Ethernet(0x86dd), IPv6("::1", "::2", IpProtocols.HopByHop, ExtensionHeader(IpProtocols.Icmpv6, 0, Icmp(128, 0)))),
            Concat(Ethernet(0x0806), Arp(2, "10.0.0.1", "10.0.0.2")),
        ];
        int ports = 0;
        foreach (byte[] frame in frames)
        {
            FrameSummary.TryParse(frame, 0, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            FrameSummary.TryParse(frames[i % frames.Length], 0, out FrameSummary s);
            ports += s.DestinationPort;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(ports > 0);
    }
}
