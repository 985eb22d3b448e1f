using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// An RTM_GETROUTE dump (IPv4, every table) read through the code generated from the kernel's
/// rt-route.yaml says what 'ip -4 -j -N route show table all' says of each route: table, type,
/// destination and prefix length, gateway, output link, protocol, scope, metric and preferred
/// source, in a namespace of the test's own with routes it adds.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class RtRouteLiveTests
{
    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using NetDrop.Netlink;
        using NetDrop.Netlink.Raw;
        using NetDrop.Netlink.Sockets;
        using Test.RtRoute;

        namespace App;

        internal static class Probe
        {
            public static string Routes(string netns)
            {
                var routes = new List<string>();
                InNamespace.Run(netns, () =>
                {
                    using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
                    Span<byte> buffer = connection.BeginRequest(out uint sequence);
                    var writer = new NetlinkWriter(buffer);
                    int token = writer.BeginMessage((ushort)RtRouteCommand.Getroute, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, sequence);
                    var request = new Rtmsg { RtmFamily = 2 };
                    writer.WriteFixedHeader(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<Rtmsg>(ref request)));
                    int length = writer.EndMessage(token);
                    var collector = new Collector(routes);
                    connection.Execute(length, "RTM_GETROUTE", ref collector);
                });
                return string.Join("\n", routes);
            }

            private readonly struct Collector : IRawNetlinkReplyHandler
            {
                private readonly List<string> _routes;

                public Collector(List<string> routes) => _routes = routes;

                public void OnReply(in NetlinkMessage message)
                {
                    if (message.Header.Type != (ushort)RtRouteCommand.Newroute || !Rtmsg.TryRead(message.Payload, out Rtmsg info))
                    {
                        return;
                    }

                    RtRouteRouteAttributes route = RtRouteRouteAttributes.Parse(message.Payload.Slice(Rtmsg.Size), NetlinkMessageHeader.Size + Rtmsg.Size);
                    if (route.Error.IsError)
                    {
                        throw new InvalidOperationException("RTM_NEWROUTE does not parse: " + route.Error);
                    }

                    // RTA_TABLE holds tables past 255; rtm_table says RT_TABLE_COMPAT (252) for them.
                    uint table = route.Table ?? info.RtmTable;
                    _routes.Add($"{table}|{info.RtmType}|{route.FormatDst()}|{info.RtmDstLen}|{route.FormatGateway()}|{route.Oif}|{info.RtmProtocol}|{info.RtmScope}|{route.Priority ?? 0}|{route.FormatPrefsrc()}");
                }
            }
        }
        """;

    [LiveKernelFact]
    public void A_route_dump_says_what_ip_route_says()
    {
        string netns = "ndylr" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Command.Run("ip", "netns", "add", netns);
            Command.Run("ip", "-n", netns, "link", "add", "ndyl0", "type", "veth", "peer", "name", "ndyl1");
            Command.Run("ip", "-n", netns, "address", "add", "10.20.0.1/24", "dev", "ndyl0");
            Command.Run("ip", "-n", netns, "address", "add", "10.21.0.1/24", "dev", "ndyl1");
            Command.Run("ip", "-n", netns, "link", "set", "ndyl0", "up");
            Command.Run("ip", "-n", netns, "link", "set", "ndyl1", "up");
            Command.Run("ip", "-n", netns, "route", "add", "10.30.0.0/16", "via", "10.20.0.2", "dev", "ndyl0", "proto", "static");
            Command.Run("ip", "-n", netns, "route", "add", "10.40.1.0/24", "dev", "ndyl1", "scope", "link", "table", "100", "proto", "42");
            Command.Run("ip", "-n", netns, "route", "add", "10.50.0.0/16", "via", "10.21.0.3", "dev", "ndyl1", "table", "1000", "metric", "7");
            Command.Run("ip", "-n", netns, "route", "add", "10.60.0.7/32", "via", "10.20.0.9", "dev", "ndyl0", "src", "10.20.0.1");
            Command.Run("ip", "-n", netns, "route", "add", "blackhole", "10.70.0.0/15");

            string[] generated = LiveProbe.Invoke(new[] { "rt-route.yaml" }, Probe, "Routes", netns).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] ip = IpRoutes(netns);

            Assert.True(ip.Length >= 9, string.Join("\n", ip)); // five added, two subnets, local and broadcast routes
            Assert.Equal(ip.OrderBy(r => r, StringComparer.Ordinal), generated.OrderBy(r => r, StringComparer.Ordinal));
            Assert.Contains("1000|1|10.50.0.0|16|10.21.0.3|", string.Join("\n", generated), StringComparison.Ordinal);
            Assert.Contains("100|1|10.40.1.0|24||", string.Join("\n", generated), StringComparison.Ordinal);
            Assert.Contains(generated, r => r.StartsWith("254|6|10.70.0.0|15|", StringComparison.Ordinal));
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }

    /// <summary>
    /// ip -4 -j -N route show table all, as the probe prints each route: table|type|dst|dst len|gateway|oif|protocol|scope|metric|prefsrc.
    /// ip leaves out what is the default (table main 254, type unicast 1, protocol boot 3, scope universe 0, metric 0).
    /// </summary>
    private static string[] IpRoutes(string netns)
    {
        using JsonDocument links = JsonDocument.Parse(Command.Run("ip", "-n", netns, "-j", "link"));
        Dictionary<string, int> indexes = links.RootElement.EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!, l => l.GetProperty("ifindex").GetInt32());
        using JsonDocument json = JsonDocument.Parse(Command.Run("ip", "-n", netns, "-4", "-j", "-N", "route", "show", "table", "all"));
        var lines = new List<string>();
        foreach (JsonElement route in json.RootElement.EnumerateArray())
        {
            string dst = route.GetProperty("dst").GetString()!;
            string[] prefix = dst.Split('/');
            string length = prefix.Length == 2 ? prefix[1] : "32";
            lines.Add(string.Join('|',
                Text(route, "table", "254"),
                Text(route, "type", "1"),
                prefix[0],
                length,
                Text(route, "gateway", string.Empty),
                route.TryGetProperty("dev", out JsonElement dev) ? indexes[dev.GetString()!].ToString(CultureInfo.InvariantCulture) : string.Empty,
                Text(route, "protocol", "3"),
                Text(route, "scope", "0"),
                route.TryGetProperty("metric", out JsonElement metric) ? metric.GetInt32().ToString(CultureInfo.InvariantCulture) : "0",
                Text(route, "prefsrc", string.Empty)));
        }

        return lines.ToArray();
    }

    private static string Text(JsonElement route, string name, string absent) =>
        route.TryGetProperty(name, out JsonElement value) ? value.ToString() : absent;
}
