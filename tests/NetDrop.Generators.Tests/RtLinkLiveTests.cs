using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The code generated from the kernel's rt-link.yaml, over <see cref="NetDrop.Netlink.Raw.RawNetlinkConnection"/>,
/// against the live kernel in a namespace of the test's own: an RTM_GETLINK dump read through the
/// generated ifinfomsg struct and link-attrs view says what 'ip -j link' says of each link, and an
/// RTM_GETADDR dump (rt-addr.yaml) what 'ip -j addr' says of each address.
/// </summary>
public sealed class RtLinkLiveTests
{
    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using NetDrop.Kernel;
        using NetDrop.Netlink;
        using NetDrop.Netlink.Raw;
        using NetDrop.Netlink.Sockets;
        using Test.RtLink;

        namespace App;

        internal static class Probe
        {
            private static readonly string[] OperStates = { "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP" };

            public static string Links(string netns)
            {
                var links = new List<string>();
                Exception? failure = null;

                // setns moves only the calling thread; the socket stays in the namespace it was made in.
                var thread = new Thread(() =>
                {
                    try
                    {
                        using NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(netns);
                        using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
                        Span<byte> buffer = connection.BeginRequest(out uint sequence);
                        var writer = new NetlinkWriter(buffer);
                        int token = writer.BeginMessage((ushort)RtLinkCommand.Getlink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, sequence);
                        writer.WriteFixedHeader(stackalloc byte[Ifinfomsg.Size]);
                        int length = writer.EndMessage(token);
                        var collector = new Collector(links);
                        connection.Execute(length, "RTM_GETLINK", ref collector);
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                });
                thread.Start();
                thread.Join();
                if (failure is not null)
                {
                    throw failure;
                }

                return string.Join("\n", links);
            }

            public static string Addresses(string netns)
            {
                var addresses = new List<string>();
                Exception? failure = null;
                var thread = new Thread(() =>
                {
                    try
                    {
                        using NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(netns);
                        using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
                        Span<byte> buffer = connection.BeginRequest(out uint sequence);
                        var writer = new NetlinkWriter(buffer);
                        int token = writer.BeginMessage((ushort)Test.RtAddr.RtAddrCommand.Getaddr, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, sequence);
                        writer.WriteFixedHeader(stackalloc byte[Test.RtAddr.Ifaddrmsg.Size]);
                        int length = writer.EndMessage(token);
                        var collector = new AddressCollector(addresses);
                        connection.Execute(length, "RTM_GETADDR", ref collector);
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                });
                thread.Start();
                thread.Join();
                if (failure is not null)
                {
                    throw failure;
                }

                return string.Join("\n", addresses);
            }

            /// <summary>RTM_NEWLINK (create a bridge), RTM_NEWLINK on its index (change its MTU), RTM_DELLINK, each acked.</summary>
            public static string Bridge(string netns, string step, string name, int index, int mtu)
            {
                Exception? failure = null;
                var thread = new Thread(() =>
                {
                    try
                    {
                        using NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(netns);
                        using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
                        Span<byte> buffer = connection.BeginRequest(out uint sequence);
                        var writer = new NetlinkWriter(buffer);
                        RtLinkCommand command = step == "delete" ? RtLinkCommand.Dellink : RtLinkCommand.Newlink;
                        NetlinkMessageFlags flags = NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack | (step == "create" ? NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl : 0);
                        int token = writer.BeginMessage((ushort)command, flags, sequence);
                        var info = new Ifinfomsg { IfiIndex = index };
                        writer.WriteFixedHeader(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<Ifinfomsg>(ref info)));
                        if (step == "create")
                        {
                            RtLinkLinkAttributeWriter.PutIfname(ref writer, name);
                            int linkinfo = RtLinkLinkAttributeWriter.BeginLinkinfo(ref writer);
                            RtLinkLinkinfoAttributeWriter.PutKind(ref writer, "bridge");
                            writer.EndNested(linkinfo);
                        }
                        else if (step == "change")
                        {
                            RtLinkLinkAttributeWriter.PutMtu(ref writer, (uint)mtu);
                        }

                        int length = writer.EndMessage(token);
                        var none = new Collector(new List<string>());
                        connection.Execute(length, command == RtLinkCommand.Dellink ? "RTM_DELLINK" : "RTM_NEWLINK", ref none);
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                });
                thread.Start();
                thread.Join();
                return failure?.Message ?? "ok";
            }

            private readonly struct AddressCollector : IRawNetlinkReplyHandler
            {
                private readonly List<string> _addresses;

                public AddressCollector(List<string> addresses) => _addresses = addresses;

                public void OnReply(in NetlinkMessage message)
                {
                    if (message.Header.Type != (ushort)Test.RtAddr.RtAddrCommand.GetaddrReply || !Test.RtAddr.Ifaddrmsg.TryRead(message.Payload, out Test.RtAddr.Ifaddrmsg info))
                    {
                        return;
                    }

                    var address = Test.RtAddr.RtAddrAddrAttributes.Parse(message.Payload.Slice(Test.RtAddr.Ifaddrmsg.Size), NetlinkMessageHeader.Size + Test.RtAddr.Ifaddrmsg.Size);
                    string family = info.IfaFamily == 2 ? "inet" : info.IfaFamily == 10 ? "inet6" : info.IfaFamily.ToString();
                    _addresses.Add($"{info.IfaIndex}|{family}|{info.IfaPrefixlen}|{address.FormatLocal() ?? address.FormatAddress()}|{info.IfaScope}");
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
                    string state = link.Operstate is byte s && s < OperStates.Length ? OperStates[s] : "?";
                    _links.Add($"{info.IfiIndex}|{link.GetIfname()}|{link.Mtu}|{link.FormatAddress()}|{state}|{link.Master}");
                }
            }
        }
        """;

    [IpNetnsFact]
    public void A_link_dump_says_what_ip_link_says()
    {
        string netns = "ndynl" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Ip("netns", "add", netns);
            Ip("-n", netns, "link", "add", "ndynlbr", "type", "bridge");
            // This kernel has no dummy links; a veth pair inside the namespace serves.
            Ip("-n", netns, "link", "add", "ndynl0", "mtu", "1400", "address", "02:00:00:00:00:01", "type", "veth", "peer", "name", "ndynl1");
            Ip("-n", netns, "link", "set", "ndynl0", "master", "ndynlbr");
            Ip("-n", netns, "link", "set", "ndynl0", "up");
            Ip("-n", netns, "link", "set", "ndynl1", "up");
            Ip("-n", netns, "link", "set", "ndynlbr", "up");

            // Operational states settle just after links come up; both reads come after that.
            string[] ip = IpLinks(netns);
            for (int i = 0; i < 20 && !ip.SequenceEqual(Settled(netns)); i++)
            {
                ip = IpLinks(netns);
            }

            string[] generated = Invoke(netns, "Links").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            ip = IpLinks(netns);

            Assert.Equal(4, ip.Length); // lo, the bridge and the veth pair
            Assert.Equal(ip, generated);
            Assert.Contains("|ndynl0|1400|02:00:00:00:00:01|", string.Join("\n", generated));
        }
        finally
        {
            Run("ip", "netns", "del", netns);
        }
    }

    private static string[] Settled(string netns)
    {
        System.Threading.Thread.Sleep(100);
        return IpLinks(netns);
    }

    [IpNetnsFact]
    public void An_address_dump_says_what_ip_addr_says()
    {
        string netns = "ndynla" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Ip("netns", "add", netns);
            Ip("-n", netns, "link", "add", "ndynl0", "type", "veth", "peer", "name", "ndynl1");
            Ip("-n", netns, "address", "add", "10.1.2.3/24", "dev", "ndynl0");
            Ip("-n", netns, "address", "add", "fd00::1/64", "dev", "ndynl0", "nodad");
            Ip("-n", netns, "address", "add", "10.9.0.1/16", "dev", "ndynl1");

            string[] generated = Invoke(netns, "Addresses").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] ip = IpAddresses(netns);

            Assert.Equal(3, ip.Length);
            Assert.Equal(ip.OrderBy(a => a, StringComparer.Ordinal), generated.OrderBy(a => a, StringComparer.Ordinal));
            Assert.Contains(generated, a => a.EndsWith("|inet6|64|fd00::1|0", StringComparison.Ordinal));
        }
        finally
        {
            Run("ip", "netns", "del", netns);
        }
    }

    [IpNetnsFact]
    public void A_link_made_changed_and_deleted_through_the_generated_code_is_seen_by_ip_link()
    {
        string netns = "ndynlc" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Ip("netns", "add", netns);

            Assert.Equal("ok", Invoke(netns, "Bridge", "create", "ndynlbr2", 0, 0));
            using (JsonDocument made = JsonDocument.Parse(Ip("-n", netns, "-j", "-d", "link", "show", "ndynlbr2")))
            {
                JsonElement link = made.RootElement[0];
                Assert.Equal("bridge", link.GetProperty("linkinfo").GetProperty("info_kind").GetString());
                int index = link.GetProperty("ifindex").GetInt32();

                Assert.Equal("ok", Invoke(netns, "Bridge", "change", "ndynlbr2", index, 1280));
                using JsonDocument changed = JsonDocument.Parse(Ip("-n", netns, "-j", "link", "show", "ndynlbr2"));
                Assert.Equal(1280, changed.RootElement[0].GetProperty("mtu").GetInt32());

                Assert.Equal("ok", Invoke(netns, "Bridge", "delete", "ndynlbr2", index, 0));
            }

            (int code, string output) = Run("ip", "-n", netns, "link", "show", "ndynlbr2");
            Assert.True(code != 0, "ip still shows the deleted link: " + output);

            // The kernel's refusal comes back as the exception's message, not as a crash.
            Assert.Contains("RTM_DELLINK", Invoke(netns, "Bridge", "delete", "ndynlbr2", 9999, 0), StringComparison.Ordinal);
        }
        finally
        {
            Run("ip", "netns", "del", netns);
        }
    }

    /// <summary>ip -j addr, as the probe prints each address: index|family|prefix length|address|scope number.</summary>
    private static string[] IpAddresses(string netns)
    {
        var scopes = new Dictionary<string, int>(StringComparer.Ordinal) { ["global"] = 0, ["site"] = 200, ["link"] = 253, ["host"] = 254 };
        using JsonDocument json = JsonDocument.Parse(Ip("-n", netns, "-j", "addr"));
        var lines = new List<string>();
        foreach (JsonElement link in json.RootElement.EnumerateArray())
        {
            foreach (JsonElement address in link.GetProperty("addr_info").EnumerateArray())
            {
                lines.Add($"{link.GetProperty("ifindex").GetInt32()}|{address.GetProperty("family").GetString()}|{address.GetProperty("prefixlen").GetInt32()}|{address.GetProperty("local").GetString()}|{scopes[address.GetProperty("scope").GetString()!]}");
            }
        }

        return lines.ToArray();
    }

    /// <summary>ip -j link, as the probe prints each link: index|name|mtu|mac|operstate|master index.</summary>
    private static string[] IpLinks(string netns)
    {
        using JsonDocument json = JsonDocument.Parse(Ip("-n", netns, "-j", "link"));
        var indexes = json.RootElement.EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!, l => l.GetProperty("ifindex").GetInt32());
        var lines = new List<string>();
        foreach (JsonElement link in json.RootElement.EnumerateArray())
        {
            string master = link.TryGetProperty("master", out JsonElement m) ? indexes[m.GetString()!].ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
            lines.Add($"{link.GetProperty("ifindex").GetInt32()}|{link.GetProperty("ifname").GetString()}|{link.GetProperty("mtu").GetInt32()}|{link.GetProperty("address").GetString()}|{link.GetProperty("operstate").GetString()}|{master}");
        }

        return lines.ToArray();
    }

    private static string Invoke(string netns, string method, params object[] more) =>
        LiveProbe.Invoke(new[] { "rt-link.yaml", "rt-addr.yaml" }, Probe, method, new object[] { netns }.Concat(more).ToArray());

    private static string Ip(params string[] arguments) => HostTool.Ip(arguments);

    private static (int Code, string Output) Run(string program, params string[] arguments) => HostTool.Run(program, arguments);
}
