using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NetDrop.Frames;
using static NetDrop.Tests.Frames.TestFrames;

namespace NetDrop.Tests.Frames;

/// <summary>
/// Whatever the bytes, FrameSummary returns: random garbage under any protocol, and every
/// truncation and single-byte corruption of valid frames. What a shorter frame decodes agrees with
/// what the whole frame decodes.
/// </summary>
public class FrameSummaryProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2000);

    private static readonly ushort[] Protocols = [0, 0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x9100, 0x0004, 0xffff];

    private static readonly Gen<byte[]> ValidFrames = Gen.Elements(
        Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1000, 53))),
        Concat(Ethernet(0x0800, (0x8100, 10)), IPv4("10.0.0.1", "10.0.0.2", 6, Tcp(1000, 80), optionWords: 2)),
        Concat(Ethernet(0x86dd, (0x88a8, 20), (0x8100, 30)), IPv6("2001:db8::1", "2001:db8::2", 58, Icmp(128, 0))),
        Concat(Ethernet(0x86dd), IPv6("fe80::1", "ff02::16", 0, ExtensionHeader(43, 1, FragmentHeader(17, 0, true, Udp(5, 6))))),
        Concat(Ethernet(0x86dd), IPv6("::1", "::2", 51, AuthenticationHeader(60, 4, ExtensionHeader(6, 0, Tcp(7, 8))))),
        Concat(Ethernet(0x0806), Arp(1, "10.0.0.1", "10.0.0.2")),
        Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 1, Icmp(3, 3))));

    [Fact]
    public void Random_bytes_under_any_protocol_never_throw_and_keep_the_invariants()
    {
        Gen<(byte[] Bytes, ushort Protocol)> cases =
            from length in Gen.Choose(0, 120)
            from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
            from protocol in Gen.OneOf(Gen.Elements(Protocols), Gen.Choose(0, 0xffff).Select(p => (ushort)p))
            select (bytes, protocol);

        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            bool known = FrameSummary.TryParse(c.Bytes, c.Protocol, out FrameSummary s);
            AssertConsistent(s);
            if (!known)
            {
                Assert.Equal(FrameLayers.None, s.Layers);
                Assert.Equal(c.Protocol, s.EtherType);
            }
        }));
    }

    [Fact]
    public void Every_truncation_of_a_valid_frame_decodes_a_consistent_prefix_of_it()
    {
        Gen<(byte[] Frame, int Length)> cases =
            from frame in ValidFrames
            from length in Gen.Choose(0, frame.Length)
            select (frame, length);

        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            FrameSummary.TryParse(c.Frame, 0, out FrameSummary whole);
            FrameSummary.TryParse(c.Frame.AsSpan(0, c.Length), 0, out FrameSummary part);
            AssertConsistent(part);

            // Nothing a shorter frame decodes contradicts the whole frame.
            FrameLayers found = part.Layers & ~FrameLayers.Truncated;
            Assert.Equal(found, whole.Layers & found);
            if (part.HasAddresses)
            {
                Assert.Equal(whole.SourceBits, part.SourceBits);
                Assert.Equal(whole.DestinationBits, part.DestinationBits);
            }

            if (part.HasPorts)
            {
                Assert.Equal((whole.SourcePort, whole.DestinationPort), (part.SourcePort, part.DestinationPort));
            }

            if (part.HasIpProtocol)
            {
                Assert.Equal(whole.IpProtocol, part.IpProtocol);
            }

            if (part.VlanCount > 0)
            {
                Assert.Equal(whole.Vlan, part.Vlan);
            }

            // A cut that loses a header the whole frame has is reported as truncation (or nothing was recognised at all).
            if (c.Length < c.Frame.Length && (part.Layers & (FrameLayers.Ports | FrameLayers.Icmp | FrameLayers.Arp)) == 0 && part.Layers != FrameLayers.None)
            {
                Assert.True(part.IsTruncated, $"cut at {c.Length} of {c.Frame.Length}: {part.Layers}");
            }
        }));
    }

    [Fact]
    public void Any_single_byte_changed_in_a_valid_frame_never_throws()
    {
        Gen<(byte[] Frame, int At, byte Value, ushort Protocol)> cases =
            from frame in ValidFrames
            from at in Gen.Choose(0, frame.Length - 1)
            from value in Gen.Choose(0, 255).Select(b => (byte)b)
            from protocol in Gen.Elements(Protocols)
            select (frame, at, value, protocol);

        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            byte[] damaged = c.Frame.ToArray();
            damaged[c.At] = c.Value;
            FrameSummary.TryParse(damaged, c.Protocol, out FrameSummary s);
            AssertConsistent(s);
        }));
    }

    /// <summary>What the flags promise holds whatever the input.</summary>
    private static void AssertConsistent(FrameSummary s)
    {
        if (s.HasPorts)
        {
            Assert.True(s.HasIpProtocol && IpProtocols.HasPorts(s.IpProtocol));
        }

        if (s.HasIcmp)
        {
            Assert.True(s.IpProtocol is IpProtocols.Icmp or IpProtocols.Icmpv6);
        }

        if (s.HasIpProtocol)
        {
            Assert.True((s.Layers & (FrameLayers.IPv4 | FrameLayers.IPv6)) != 0);
        }

        Assert.False(s.HasPorts && s.HasIcmp);
        Assert.True(s.VlanCount <= 8);
        Assert.Equal(s.VlanCount > 0, (s.Layers & FrameLayers.Vlan) != 0);
        Assert.Equal(s.HasAddresses, s.SourceAddress is not null);
        if (s.AddressVersion == 4)
        {
            Assert.True(s.SourceBits <= uint.MaxValue && s.DestinationBits <= uint.MaxValue);
        }
    }
}
