using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// rt-link's sub-messages against the live kernel: a bridge's IFLA_INFO_DATA, read as the bridge
/// format its IFLA_INFO_KIND names, and a bridge port's IFLA_INFO_SLAVE_DATA, read as the bridge
/// port format its IFLA_INFO_SLAVE_KIND names, say what 'ip -d -j link' says; a veth, whose kind
/// names no format of the spec, gives no view.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class RtLinkSubMessageLiveTests
{
    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using NetDrop.Netlink;
        using NetDrop.Netlink.Raw;
        using NetDrop.Netlink.Sockets;
        using Test.RtLink;

        namespace App;

        internal static class Probe
        {
            public static string Links(string netns)
            {
                var links = new List<string>();
                InNamespace.Run(netns, () =>
                {
                    using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
                    Span<byte> buffer = connection.BeginRequest(out uint sequence);
                    var writer = new NetlinkWriter(buffer);
                    int token = writer.BeginMessage((ushort)RtLinkCommand.Getlink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, sequence);
                    writer.WriteFixedHeader(stackalloc byte[Ifinfomsg.Size]);
                    int length = writer.EndMessage(token);
                    var collector = new Collector(links);
                    connection.Execute(length, "RTM_GETLINK", ref collector);
                });
                return string.Join("\n", links);
            }

            /// <summary>RTM_NEWLINK of a bridge whose IFLA_INFO_DATA the generated sub-message writer begins, acked.</summary>
            public static string MakeBridge(string netns, string name)
            {
                InNamespace.Run(netns, () =>
                {
                    using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
                    Span<byte> buffer = connection.BeginRequest(out uint sequence);
                    var writer = new NetlinkWriter(buffer);
                    int token = writer.BeginMessage((ushort)RtLinkCommand.Newlink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl, sequence);
                    writer.WriteFixedHeader(stackalloc byte[Ifinfomsg.Size]);
                    RtLinkLinkAttributeWriter.PutIfname(ref writer, name);
                    int linkinfo = RtLinkLinkAttributeWriter.BeginLinkinfo(ref writer);
                    int data = RtLinkLinkinfoSubMessages.BeginDataAsBridge(ref writer);
                    RtLinkLinkinfoBridgeAttributeWriter.PutPriority(ref writer, 8192);
                    RtLinkLinkinfoBridgeAttributeWriter.PutForwardDelay(ref writer, 1100);
                    RtLinkLinkinfoBridgeAttributeWriter.PutMcastSnooping(ref writer, 0);
                    writer.EndNested(data);
                    writer.EndNested(linkinfo);
                    var none = new Collector(new List<string>());
                    connection.Execute(writer.EndMessage(token), "RTM_NEWLINK", ref none);
                });
                return "ok";
            }

            /// <summary>
            /// Through the client, in one RTM_NEWLINK each: a bridge whose linkinfo nest carries its
            /// bridge data as a sub-message (DataAsBridge puts the kind too), then RTM_SETLINK of its
            /// af-spec nest with the inet6 nest inside it (addr-gen-mode none).
            /// </summary>
            public static string MakeBridgeThroughClient(string netns, string name)
            {
                InNamespace.Run(netns, () =>
                {
                    using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                    client.Newlink(
                        ifname: name,
                        linkinfo: new RtLinkLinkinfoArguments { DataAsBridge = new RtLinkLinkinfoBridgeArguments { Priority = 4096, ForwardDelay = 1200, McastSnooping = 0 } },
                        requestFlags: NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl);
                    RtLinkGetlinkReply link = client.Getlink(ifname: name) ?? throw new InvalidOperationException("no reply to RTM_GETLINK");
                    client.Setlink(new Ifinfomsg { IfiIndex = link.Header.IfiIndex }, afSpec: new RtLinkAfSpecArguments { Inet6 = new RtLinkIfla6Arguments { AddrGenMode = 1 } });
                });
                return "ok";
            }

            /// <summary>The argument struct refuses a format whose kind differs from the one given, before anything is sent.</summary>
            public static string MismatchedKind()
            {
                Span<byte> buffer = stackalloc byte[256];
                var writer = new NetlinkWriter(buffer);
                var linkinfo = new RtLinkLinkinfoArguments { Kind = "veth", DataAsBridge = new RtLinkLinkinfoBridgeArguments { Priority = 1 } };
                try
                {
                    linkinfo.WriteTo(ref writer);
                    return "written";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            private readonly struct Collector : IRawNetlinkReplyHandler
            {
                private readonly List<string> _links;

                public Collector(List<string> links) => _links = links;

                public void OnReply(in NetlinkMessage message)
                {
                    if (message.Header.Type != (ushort)RtLinkCommand.Newlink || !Ifinfomsg.TryRead(message.Payload, out Ifinfomsg info))
                    {
                        return;
                    }

                    RtLinkLinkAttributes link = RtLinkLinkAttributes.Parse(message.Payload.Slice(Ifinfomsg.Size), NetlinkMessageHeader.Size + Ifinfomsg.Size);
                    RtLinkLinkinfoAttributes linkinfo = link.Linkinfo;
                    string line = $"{link.GetIfname()}|{linkinfo.GetKind()}|{linkinfo.GetDataFormat()}|{linkinfo.GetSlaveDataFormat()}";
                    if (linkinfo.TryGetDataAsBridge(out RtLinkLinkinfoBridgeAttributes bridge))
                    {
                        if (bridge.Error.IsError)
                        {
                            throw new InvalidOperationException("IFLA_INFO_DATA does not parse as a bridge's: " + bridge.Error);
                        }

                        line += $"|bridge {bridge.ForwardDelay} {bridge.HelloTime} {bridge.MaxAge} {bridge.AgeingTime} {bridge.StpState} {bridge.Priority} {bridge.VlanFiltering} {bridge.McastSnooping} {bridge.McastHashMax} {bridge.FormatGroupAddr()}";
                    }

                    if (linkinfo.TryGetSlaveDataAsBridge(out RtLinkLinkinfoBrportAttributes port))
                    {
                        line += $"|port {port.Priority} {port.Cost} {port.DesignatedPort}";
                    }

                    // The kind names one format: no other accessor gives a view.
                    line += $"|{linkinfo.TryGetDataAsBond(out _)} {linkinfo.TryGetDataAsGre(out _)} {linkinfo.TryGetSlaveDataAsBond(out _)}";
                    _links.Add(line);
                }
            }
        }
        """;

    [LiveKernelFact]
    public void Bridge_data_and_bridge_port_data_say_what_ip_link_details_say()
    {
        string netns = "ndyls" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Command.Run("ip", "netns", "add", netns);
            Command.Run("ip", "-n", netns, "link", "add", "ndylbr", "type", "bridge", "priority", "4096", "ageing_time", "12345", "forward_delay", "1200", "mcast_snooping", "0", "mcast_hash_max", "1024");
            Command.Run("ip", "-n", netns, "link", "add", "ndyl0", "type", "veth", "peer", "name", "ndyl1");
            Command.Run("ip", "-n", netns, "link", "set", "ndyl0", "master", "ndylbr");
            Command.Run("ip", "-n", netns, "link", "set", "dev", "ndyl0", "type", "bridge_slave", "priority", "7", "cost", "19");

            string[] generated = LiveProbe.Invoke(new[] { "rt-link.yaml" }, Probe, "Links", netns).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] ip = IpLinks(netns);

            Assert.Equal(4, ip.Length);
            Assert.Equal(ip.OrderBy(l => l, StringComparer.Ordinal), generated.OrderBy(l => l, StringComparer.Ordinal));
            Assert.Contains(generated, l => l.StartsWith("ndylbr|bridge|Bridge|Unknown|bridge 1200 ", StringComparison.Ordinal) && l.Contains(" 4096 ", StringComparison.Ordinal));
            Assert.Contains(generated, l => l.StartsWith("ndyl0|veth|Unknown|Bridge|port 7 19 ", StringComparison.Ordinal));
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }

    [LiveKernelFact]
    public void A_bridge_made_with_the_sub_message_writer_has_the_data_it_was_given()
    {
        string netns = "ndylw" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Command.Run("ip", "netns", "add", netns);

            Assert.Equal("ok", LiveProbe.Invoke(new[] { "rt-link.yaml" }, Probe, "MakeBridge", netns, "ndylbr"));

            using JsonDocument made = JsonDocument.Parse(Command.Run("ip", "-n", netns, "-d", "-j", "link", "show", "ndylbr"));
            AssertBridgeData(made.RootElement[0], priority: 8192, forwardDelay: 1100);
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }

    [LiveKernelFact]
    public void A_bridge_made_through_the_client_has_its_sub_message_data_and_nested_af_spec()
    {
        string netns = "ndynsm" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Command.Run("ip", "netns", "add", netns);

            Assert.Equal("ok", LiveProbe.Invoke(new[] { "rt-link.yaml" }, Probe, "MakeBridgeThroughClient", netns, "ndynbr"));

            using JsonDocument made = JsonDocument.Parse(Command.Run("ip", "-n", netns, "-d", "-j", "link", "show", "ndynbr"));
            AssertBridgeData(made.RootElement[0], priority: 4096, forwardDelay: 1200);
            Assert.Equal("none", made.RootElement[0].GetProperty("inet6_addr_gen_mode").GetString());
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }

    [Fact]
    public void A_sub_message_format_for_another_kind_is_refused()
    {
        Assert.Equal("RtLinkLinkinfoArguments: DataAsBridge is for Kind bridge, not 'veth'", LiveProbe.Invoke(new[] { "rt-link.yaml" }, Probe, "MismatchedKind"));
    }

    /// <summary>A link of 'ip -d -j link' is a bridge with the priority and forward delay given, and multicast snooping off.</summary>
    private static void AssertBridgeData(JsonElement link, int priority, int forwardDelay)
    {
        JsonElement info = link.GetProperty("linkinfo");
        Assert.Equal("bridge", info.GetProperty("info_kind").GetString());
        JsonElement data = info.GetProperty("info_data");
        Assert.Equal(priority, data.GetProperty("priority").GetInt32());
        Assert.Equal(forwardDelay, data.GetProperty("forward_delay").GetInt32());
        Assert.Equal(0, data.GetProperty("mcast_snooping").GetInt32());
    }

    /// <summary>ip -d -j link, as the probe prints each link.</summary>
    private static string[] IpLinks(string netns)
    {
        using JsonDocument json = JsonDocument.Parse(Command.Run("ip", "-n", netns, "-d", "-j", "link"));
        var lines = new List<string>();
        foreach (JsonElement link in json.RootElement.EnumerateArray())
        {
            JsonElement info = link.TryGetProperty("linkinfo", out JsonElement i) ? i : default;
            string kind = Text(info, "info_kind");
            string slaveKind = Text(info, "info_slave_kind");
            string line = $"{link.GetProperty("ifname").GetString()}|{kind}|{Format(kind)}|{Format(slaveKind)}";
            if (kind == "bridge")
            {
                JsonElement data = info.GetProperty("info_data");
                line += "|bridge " + string.Join(' ', new[] { "forward_delay", "hello_time", "max_age", "ageing_time", "stp_state", "priority", "vlan_filtering", "mcast_snooping", "mcast_hash_max", "group_addr" }.Select(name => data.GetProperty(name).ToString()));
            }

            if (slaveKind == "bridge")
            {
                JsonElement data = info.GetProperty("info_slave_data");
                line += "|port " + string.Join(' ', new[] { "priority", "cost", "designated_port" }.Select(name => data.GetProperty(name).ToString()));
            }

            lines.Add(line + "|False False False");
        }

        return lines.ToArray();
    }

    private static string Text(JsonElement info, string name) =>
        info.ValueKind == JsonValueKind.Object && info.TryGetProperty(name, out JsonElement value) ? value.GetString()! : string.Empty;

    /// <summary>The format enum member a kind maps to: the spec lists bridge (and bond, gre, …), not veth.</summary>
    private static string Format(string kind) => kind == "bridge" ? "Bridge" : "Unknown";
}
