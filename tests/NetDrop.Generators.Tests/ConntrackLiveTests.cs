using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// A conntrack dump over NETLINK_NETFILTER (nfgenmsg, IPCTNL_MSG_CT_GET) read through the code
/// generated from the kernel's conntrack.yaml says what 'conntrack -L' says of each entry: protocol,
/// TCP state, both tuples, UNREPLIED and ASSURED, mark and use count. The entries come from TCP and
/// UDP on the loopback of a namespace of the test's own, tracked because an nftables rule there
/// asks for connection state. The timeout is left out: it falls between the two reads.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class ConntrackLiveTests
{
    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using NetDrop.Netlink;
        using NetDrop.Netlink.Raw;
        using NetDrop.Netlink.Sockets;
        using Test.Conntrack;

        namespace App;

        internal static class Probe
        {
            private static readonly string[] TcpStates = { "NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2" };

            public static string Entries(string netns)
            {
                var entries = new List<string>();
                InNamespace.Run(netns, () =>
                {
                    using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Netfilter);
                    Span<byte> buffer = connection.BeginRequest(out uint sequence);
                    var writer = new NetlinkWriter(buffer);
                    int token = writer.BeginMessage((ushort)ConntrackCommand.Get, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, sequence);
                    var header = new Nfgenmsg { NfgenFamily = 2 };
                    writer.WriteFixedHeader(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<Nfgenmsg>(ref header)));
                    var collector = new Collector(entries);
                    connection.Execute(writer.EndMessage(token), "IPCTNL_MSG_CT_GET", ref collector);
                });
                return string.Join("\n", entries);
            }

            private static string IPv4(uint? address) =>
                address is uint a ? $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}" : "-";

            private static string Tuple(ConntrackTupleAttributes tuple) =>
                $"src={IPv4(tuple.TupleIp.IpV4Src)} dst={IPv4(tuple.TupleIp.IpV4Dst)} sport={tuple.TupleProto.ProtoSrcPort} dport={tuple.TupleProto.ProtoDstPort}";

            private readonly struct Collector : IRawNetlinkReplyHandler
            {
                private readonly List<string> _entries;

                public Collector(List<string> entries) => _entries = entries;

                public void OnReply(in NetlinkMessage message)
                {
                    if (message.Header.Type != (ushort)ConntrackCommand.GetReply || !Nfgenmsg.TryRead(message.Payload, out Nfgenmsg header))
                    {
                        return;
                    }

                    int size = NetlinkAttribute.Align(Nfgenmsg.Size);
                    ConntrackAttributes entry = ConntrackAttributes.Parse(message.Payload.Slice(size), NetlinkMessageHeader.Size + size);
                    if (entry.Error.IsError || header.NfgenFamily != 2)
                    {
                        throw new InvalidOperationException("a conntrack entry does not parse: " + entry.Error);
                    }

                    ConntrackTupleAttributes original = entry.TupleOrig;
                    byte protocol = original.TupleProto.ProtoNum ?? 0;
                    string name = protocol switch { 6 => "tcp", 17 => "udp", 1 => "icmp", _ => "unknown" };
                    uint status = (uint)(entry.Status ?? 0);
                    string state = protocol == 6 ? " " + TcpStates[(int)(entry.Protoinfo.ProtoinfoTcp.TcpState ?? 0)] : string.Empty;

                    // IPS_SEEN_REPLY is bit 1, IPS_ASSURED bit 2.
                    string unreplied = (status & 2) == 0 ? " [UNREPLIED]" : string.Empty;
                    string assured = (status & 4) != 0 ? " [ASSURED]" : string.Empty;
                    _entries.Add($"{name} {protocol}{state} {Tuple(original)}{unreplied} {Tuple(entry.TupleReply)}{assured} mark={entry.Mark ?? 0} use={entry.Use}");
                }
            }
        }
        """;

    /// <summary>A TCP connection with data, closed (TIME_WAIT, assured), and a UDP datagram nobody answers (unreplied).</summary>
    private const string Traffic = """
        import socket
        server = socket.socket()
        server.settimeout(10)
        server.bind(('127.0.0.1', 0))
        server.listen()
        client = socket.create_connection(server.getsockname(), timeout=10)
        accepted, _ = server.accept()
        client.sendall(b'x')
        accepted.recv(1)
        client.close()
        accepted.close()
        server.close()
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.sendto(b'x', ('127.0.0.3', 9))
        udp.close()
        """;

    [LiveKernelFact("conntrack", "nft", "python3")]
    public void A_conntrack_dump_says_what_conntrack_list_says()
    {
        Assert.True(System.IO.File.Exists("/usr/sbin/nft") || System.IO.File.Exists("/sbin/nft"), "the test asks for connection tracking with nft (apt-get install nftables)");
        string netns = "ndylc" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "t";
        try
        {
            Command.Run("ip", "netns", "add", netns);
            Command.Run("ip", "-n", netns, "link", "set", "lo", "up");
            Command.Run("ip", "netns", "exec", netns, "nft", "add table inet ndyl; add chain inet ndyl out { type filter hook output priority 0; }; add rule inet ndyl out ct state new accept");
            Command.Run("ip", "netns", "exec", netns, "python3", "-c", Traffic);

            string[] generated = LiveProbe.Invoke(new[] { "conntrack.yaml" }, Probe, "Entries", netns).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] tool = ConntrackEntries(netns);

            Assert.Equal(2, tool.Length);
            Assert.Equal(tool.OrderBy(e => e, StringComparer.Ordinal), generated.OrderBy(e => e, StringComparer.Ordinal));
            Assert.Contains(generated, e => e.StartsWith("tcp 6 TIME_WAIT src=127.0.0.1 ", StringComparison.Ordinal) && e.Contains("[ASSURED]", StringComparison.Ordinal));
            Assert.Contains(generated, e => e.StartsWith("udp 17 src=127.0.0.1 dst=127.0.0.3 ", StringComparison.Ordinal) && e.Contains("[UNREPLIED]", StringComparison.Ordinal));
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }

    /// <summary>conntrack -L, each entry as the probe prints it: the timeout (the third word) left out, spaces collapsed.</summary>
    private static string[] ConntrackEntries(string netns)
    {
        // The "N flow entries have been shown" summary goes to standard error, which Command leaves out.
        string output = Command.Run("ip", "netns", "exec", netns, "conntrack", "-L");
        var entries = new List<string>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("conntrack v", StringComparison.Ordinal))
            {
                continue;
            }

            List<string> words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            words.RemoveAt(2);
            entries.Add(string.Join(' ', words));
        }

        return entries.ToArray();
    }
}
