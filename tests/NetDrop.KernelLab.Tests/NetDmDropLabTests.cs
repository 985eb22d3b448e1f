using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.KernelLab.Tests;

/// <summary>Drops caused on purpose in the guest, and the alerts NET_DM sends for them.</summary>
public sealed class NetDmDropLabTests
{
    private const ushort EthernetIPv4 = 0x0800;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [KernelLabFact]
    public void UDP_to_a_closed_port_arrives_as_NO_SOCKET_with_symbol_port_protocol_and_payload()
    {
        byte[] marker = Loopback.Marker("udp");
        int port = Loopback.ClosedUdpPort();
        using NetDmClient client = PacketMode(truncation: 0);
        client.Start();

        Loopback.SendUdp(port, marker, 3);
        List<PacketDropAlert> ours = Ours(AlertWait.Until(client, a => Ours(a, marker).Count >= 3, Patience), marker);

        Assert.Equal(3, ours.Count);
        foreach (PacketDropAlert alert in ours)
        {
            Assert.Equal(DropReason.NoSocket, alert.Reason);
            Assert.Equal("NO_SOCKET", alert.ReasonName);
            Assert.StartsWith("__udp4_lib_rcv+0x", alert.Symbol);
            Assert.Equal(1u, alert.InputIfIndex);
            Assert.Equal(EthernetIPv4, alert.Protocol);
            Assert.Equal(NetDmOrigin.Sw, alert.Origin);
            Assert.NotNull(alert.ProgramCounter);
            Assert.NotNull(alert.UnixNanoseconds);

            // Payload from the MAC header: loopback's 14 zero bytes, IPv4, UDP, then what was sent.
            int expectedLength = 14 + 20 + 8 + marker.Length;
            Assert.Equal((uint)expectedLength, alert.OriginalLength);
            Assert.Equal(expectedLength, alert.Payload.Length);
            Assert.Equal(marker, alert.Payload.Span[^marker.Length..].ToArray());
            Assert.Equal(port, (alert.Payload.Span[14 + 20 + 2] << 8) | alert.Payload.Span[14 + 20 + 3]);
            Assert.InRange(alert.UnixNanoseconds!.Value, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        }
    }

    [KernelLabFact]
    public void A_TCP_SYN_to_a_closed_port_arrives_as_NO_SOCKET_from_tcp()
    {
        int port = Loopback.ClosedTcpPort();
        using NetDmClient client = PacketMode(truncation: 0);
        client.Start();

        Loopback.ConnectTcp(port);
        List<PacketDropAlert> ours = ToTcpPort(AlertWait.Until(client, a => ToTcpPort(a, port).Count >= 1, Patience), port);

        PacketDropAlert alert = Assert.Single(ours);
        Assert.Equal(DropReason.NoSocket, alert.Reason);
        Assert.StartsWith("tcp_v4_rcv+0x", alert.Symbol);
        Assert.Equal(1u, alert.InputIfIndex);
        Assert.Equal(EthernetIPv4, alert.Protocol);
    }

    [KernelLabFact]
    public void An_nft_drop_rule_arrives_as_NETFILTER_DROP()
    {
        byte[] marker = Loopback.Marker("nft");
        int port = Loopback.ClosedUdpPort();
        string table = $"netdrop_lab_{Environment.ProcessId}";
        Command.Run("nft", "add", "table", "inet", table);
        try
        {
            Command.Run("nft", "add", "chain", "inet", table, "input", "{ type filter hook input priority 0; policy accept; }");
            Command.Run("nft", "add", "rule", "inet", table, "input", "udp", "dport", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "drop");
            using NetDmClient client = PacketMode(truncation: 0);
            client.Start();

            Loopback.SendUdp(port, marker, 2);
            List<PacketDropAlert> ours = Ours(AlertWait.Until(client, a => Ours(a, marker).Count >= 2, Patience), marker);

            Assert.Equal(2, ours.Count);
            Assert.All(ours, alert =>
            {
                Assert.Equal(DropReason.NetfilterDrop, alert.Reason);
                // NET_DM reports the caller of kfree_skb: nf_tables' rule walk, in its module.
                Assert.StartsWith("nft_do_chain+0x", alert.Symbol);
                Assert.EndsWith("[nf_tables]", alert.Symbol);
                Assert.Equal(EthernetIPv4, alert.Protocol);
            });
        }
        finally
        {
            Command.TryRun("nft", "delete", "table", "inet", table);
        }
    }

    [KernelLabFact]
    public void Summary_mode_counts_every_packet_sent_at_the_drop_location()
    {
        KernelSymbols symbols = KernelSymbols.Load("/proc/kallsyms", out _);
        byte[] marker = Loopback.Marker("summary");
        int port = Loopback.ClosedUdpPort();
        using NetDmClient client = NetDmClient.Open();
        client.Configure(NetDmAlertMode.Summary);
        client.Start();

        const int sent = 25;
        Loopback.SendUdp(port, marker, sent);

        // Summary alerts come once a second (per CPU) with counts since the last one.
        List<DropAlert> alerts = AlertWait.UntilQuiet(client, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
        client.Stop();
        long atUdp = alerts.OfType<SummaryDropAlert>()
            .SelectMany(a => a.Locations)
            .Where(p => symbols.Format(p.ProgramCounter)?.StartsWith("__udp4_lib_rcv+", StringComparison.Ordinal) == true)
            .Sum(p => (long)p.Count);

        Assert.Equal(sent, atUdp);
    }

    internal static NetDmClient PacketMode(uint truncation, uint queue = 1000)
    {
        NetDmClient client = NetDmClient.Open();
        client.Configure(NetDmAlertMode.Packet, truncation, queue);
        return client;
    }

    internal static List<PacketDropAlert> Ours(List<DropAlert> alerts, byte[] marker) =>
        alerts.OfType<PacketDropAlert>().Where(a => Loopback.Contains(a.Payload, marker)).ToList();

    private static List<PacketDropAlert> ToTcpPort(List<DropAlert> alerts, int port) =>
        alerts.OfType<PacketDropAlert>()
            .Where(a => a.Protocol == EthernetIPv4 && a.Payload.Length >= 14 + 20 + 4 && a.Payload.Span[14 + 9] == 6)
            .Where(a => ((a.Payload.Span[14 + 20 + 2] << 8) | a.Payload.Span[14 + 20 + 3]) == port)
            .ToList();
}
