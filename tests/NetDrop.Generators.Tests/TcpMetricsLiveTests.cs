using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// A TCP_METRICS_CMD_GET dump read through the code generated from the kernel's tcp_metrics.yaml says
/// what 'ip tcp_metrics show' says of each entry (destination, source, rtt, rttvar, ssthresh, cwnd,
/// reordering), after TCP connections on the loopback of a namespace of the test's own made them.
/// The age is left out: it grows between the two reads.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class TcpMetricsLiveTests
{
    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using NetDrop.Netlink;
        using NetDrop.Netlink.Generic;
        using Test.TcpMetrics;

        namespace App;

        internal static class Probe
        {
            public static string Entries(string netns)
            {
                var entries = new List<string>();
                InNamespace.Run(netns, () =>
                {
                    using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();
                    ushort family = connection.ResolveFamily(TcpMetricsFamily.Name).Id;
                    Span<byte> buffer = connection.BeginRequest(out uint sequence);
                    var writer = new NetlinkWriter(buffer);
                    int message = TcpMetricsRequests.BeginGet(ref writer, family, sequence, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
                    var collector = new Collector(entries);
                    connection.Execute(writer.EndMessage(message), "TCP_METRICS_CMD_GET", ref collector);
                });
                return string.Join("\n", entries);
            }

            private static string IPv4(uint? address) =>
                address is uint a ? $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}" : "-";

            private readonly struct Collector : INetlinkReplyHandler
            {
                private readonly List<string> _entries;

                public Collector(List<string> entries) => _entries = entries;

                public void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
                {
                    TcpMetricsAttributes entry = TcpMetricsAttributes.Parse(attributes, NetlinkMessageHeader.Size + 4);
                    TcpMetricsMetricsAttributes vals = entry.Vals;
                    if (entry.Error.IsError || vals.Error.IsError)
                    {
                        throw new InvalidOperationException("a tcp_metrics entry does not parse: " + entry.Error + " " + vals.Error);
                    }

                    // As ip prints them: rtt and rttvar in microseconds when the kernel gives them so, and unscaled: the
                    // kernel keeps them as TCP's smoothed estimators do, rtt times 8 and rttvar times 4.
                    var fields = new List<string>();
                    if (vals.RttUs is uint rttUs) fields.Add($"rtt {rttUs >> 3}us"); else if (vals.Rtt is uint rtt) fields.Add($"rtt {rtt >> 3}ms");
                    if (vals.RttvarUs is uint varUs) fields.Add($"rttvar {varUs >> 2}us"); else if (vals.Rttvar is uint rttvar) fields.Add($"rttvar {rttvar >> 2}ms");
                    if (vals.Ssthresh is uint ssthresh) fields.Add($"ssthresh {ssthresh}");
                    if (vals.Cwnd is uint cwnd) fields.Add($"cwnd {cwnd}");
                    if (vals.Reodering is uint reordering) fields.Add($"reordering {reordering}");
                    fields.Sort(StringComparer.Ordinal);
                    _entries.Add($"{IPv4(entry.AddrIpv4)}|{IPv4(entry.SaddrIpv4)}|{string.Join(",", fields)}");
                }
            }
        }
        """;

    /// <summary>Connections to two loopback addresses, each with data both ways, then closed: the kernel keeps their metrics.</summary>
    private const string Connections = """
        import socket
        for host in ('127.0.0.1', '127.0.0.2'):
            server = socket.socket()
            server.settimeout(10)
            server.bind((host, 0))
            server.listen()
            for i in range(3):
                client = socket.create_connection(server.getsockname(), timeout=10)
                accepted, _ = server.accept()
                client.sendall(b'x' * 1000)
                accepted.recv(1000)
                accepted.sendall(b'y')
                client.recv(1)
                client.close()
                accepted.close()
            server.close()
        """;

    [LiveKernelFact("python3")]
    public void A_metrics_dump_says_what_ip_tcp_metrics_says()
    {
        string netns = "ndylt" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Command.Run("ip", "netns", "add", netns);
            Command.Run("ip", "-n", netns, "link", "set", "lo", "up");
            Command.Run("ip", "netns", "exec", netns, "python3", "-c", Connections);

            string[] generated = LiveProbe.Invoke(new[] { "tcp_metrics.yaml" }, Probe, "Entries", netns).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] ip = IpEntries(netns);

            Assert.True(ip.Length >= 2, string.Join("\n", ip));
            Assert.Equal(ip.OrderBy(e => e, StringComparer.Ordinal), generated.OrderBy(e => e, StringComparer.Ordinal));
            Assert.Contains(generated, e => e.StartsWith("127.0.0.2|", StringComparison.Ordinal) && e.Contains("cwnd ", StringComparison.Ordinal));
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }

    /// <summary>ip tcp_metrics show, as the probe prints each entry: destination|source|sorted "name value" fields, age left out.</summary>
    private static string[] IpEntries(string netns)
    {
        var entries = new List<string>();
        foreach (string line in Command.Run("ip", "-n", netns, "tcp_metrics", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string source = "-";
            var fields = new List<string>();
            for (int i = 1; i + 1 < words.Length; i += 2)
            {
                if (words[i] == "source")
                {
                    source = words[i + 1];
                }
                else if (words[i] != "age")
                {
                    fields.Add(words[i] + " " + words[i + 1]);
                }
            }

            fields.Sort(StringComparer.Ordinal);
            entries.Add($"{words[0]}|{source}|{string.Join(",", fields)}");
        }

        return entries.ToArray();
    }
}
