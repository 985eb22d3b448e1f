using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using NetDrop.Frames;
using NetDrop.NetDm;
using NetDrop.Tests.NetDm;

namespace NetDrop.Tests.Frames;

/// <summary>
/// The packets in the real NET_DM captures (dropped UDP, TCP SYNs, ICMPv6 errors and router
/// solicitations on a 6.1 kernel), read by FrameSummary and by Wireshark: both must agree.
/// </summary>
public partial class FrameSummaryVectorTests
{
    [Theory]
    [InlineData("netdm-packet")]
    [InlineData("netdm-packet-swhw")]
    public void Every_captured_payload_reads_as_wireshark_decoded_it(string capture)
    {
        CapturedNetDm captured = CapturedNetDm.Read(capture);
        IReadOnlyDictionary<int, IReadOnlyList<TsharkNetDmAttribute>> tshark = TsharkNetDm.Load(capture);
        int compared = 0;
        var seen = new HashSet<string>();
        foreach (NetDmMessageSnapshot message in captured.PacketAlerts)
        {
            PacketAlertSnapshot alert = message.PacketAlert!;
            TsharkNetDmAttribute payload = tshark[message.Frame].Single(a => a.Type == (ushort)NetDmAttr.Payload);
            Expected expected = Expected.From(payload);

            Assert.True(FrameSummary.TryParse(alert.Payload, alert.Protocol ?? 0, out FrameSummary s), $"frame {message.Frame}");

            Assert.Equal(expected.EtherType, s.EtherType);
            Assert.Equal(expected.Source, s.SourceAddress);
            Assert.Equal(expected.Destination, s.DestinationAddress);
            Assert.Equal(expected.IpProtocol, s.HasIpProtocol ? s.IpProtocol : null);
            Assert.Equal(expected.Ports, s.HasPorts ? (s.SourcePort, s.DestinationPort) : null);
            Assert.Equal(expected.Icmp, s.HasIcmp ? (s.IcmpType, s.IcmpCode) : null);
            Assert.False(s.IsTruncated);
            compared++;
            seen.Add(expected.Kind);
        }

        Assert.True(compared >= 8, $"only {compared} payloads in {capture}");
        Assert.Contains("udp", seen);
        Assert.Contains("icmpv6", seen);
    }

    /// <summary>What tshark printed for a payload: the first IP header and the transport header after it.</summary>
    private sealed record Expected(ushort EtherType, IPAddress? Source, IPAddress? Destination, byte? IpProtocol, (ushort, ushort)? Ports, (byte, byte)? Icmp, string Kind)
    {
        public static Expected From(TsharkNetDmAttribute payload)
        {
            ushort etherType = 0;
            IPAddress? source = null;
            IPAddress? destination = null;
            byte? protocol = null;
            (ushort, ushort)? ports = null;
            (byte, byte)? icmp = null;
            string kind = "other";
            bool inIcmp = false;
            foreach ((int indent, string text) in payload.Lines)
            {
                Match m;
                if (indent == 12 && (m = EthernetType().Match(text)).Success)
                {
                    etherType = ushort.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                }
                else if (indent == 8 && (m = IpHeader().Match(text)).Success)
                {
                    source = IPAddress.Parse(m.Groups[1].Value);
                    destination = IPAddress.Parse(m.Groups[2].Value);
                }
                else if (indent == 12 && source is not null && protocol is null && (m = NextProtocol().Match(text)).Success)
                {
                    protocol = byte.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else if (indent == 8 && (m = PortsLine().Match(text)).Success)
                {
                    ports = (ushort.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), ushort.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
                    kind = m.Groups[1].Value == "User Datagram" ? "udp" : "tcp";
                }
                else if (indent == 8 && text == "Internet Control Message Protocol v6")
                {
                    inIcmp = true;
                    kind = "icmpv6";
                    icmp = (0, 0);
                }
                else if (inIcmp && indent == 12 && (m = IcmpType().Match(text)).Success)
                {
                    icmp = (byte.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), icmp!.Value.Item2);
                }
                else if (inIcmp && indent == 12 && (m = IcmpCode().Match(text)).Success)
                {
                    icmp = (icmp!.Value.Item1, byte.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                }
                else if (indent == 8)
                {
                    inIcmp = false;
                }
            }

            return new Expected(etherType, source, destination, protocol, ports, icmp, kind);
        }
    }

    [GeneratedRegex(@"^Type: .*\(0x([0-9a-f]{4})\)$")]
    private static partial Regex EthernetType();

    [GeneratedRegex(@"^Internet Protocol Version [46], Src: (\S+), Dst: (\S+)$")]
    private static partial Regex IpHeader();

    // IPv4 "Protocol: UDP (17)", IPv6 "Next Header: ICMPv6 (58)".
    [GeneratedRegex(@"^(?:Protocol|Next Header): .*\((\d+)\)$")]
    private static partial Regex NextProtocol();

    [GeneratedRegex(@"^(User Datagram|Transmission Control) Protocol, Src Port: (\d+), Dst Port: (\d+)")]
    private static partial Regex PortsLine();

    [GeneratedRegex(@"^Type: .*\((\d+)\)$")]
    private static partial Regex IcmpType();

    [GeneratedRegex(@"^Code: (\d+)")]
    private static partial Regex IcmpCode();
}
