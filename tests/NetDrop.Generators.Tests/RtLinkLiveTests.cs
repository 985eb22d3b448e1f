using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NetDrop.Shared;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The clients generated from the kernel's rt-link.yaml and rt-addr.yaml against the live kernel in a
/// namespace of the test's own: an RTM_GETLINK dump through RtLinkNetlinkClient (handler and allocating
/// forms) says what 'ip -j link' says of each link, an RTM_GETADDR dump what 'ip -j addr' says of each
/// address; a bridge made, changed and deleted through the client is seen by 'ip link'; the handler
/// form allocates nothing per link.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
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
                InNamespace(netns, () =>
                {
                    using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                    var collector = new Collector(links);
                    client.GetlinkDump(ref collector);
                });
                return string.Join("\n", links);
            }

            /// <summary>A dump filtered by the kernel: the links enslaved to <paramref name="master"/> (the dump's own IFLA_MASTER attribute).</summary>
            public static string LinksOfMaster(string netns, int master)
            {
                var names = new List<string>();
                InNamespace(netns, () =>
                {
                    using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                    foreach (RtLinkGetlinkReply reply in client.GetlinkDump(master: (uint)master))
                    {
                        names.Add(reply.Attributes.GetIfname() ?? "?");
                    }
                });
                return string.Join(",", names);
            }

            /// <summary>The same dump in the allocating form: owned replies, read after the request.</summary>
            public static string OwnedLinks(string netns)
            {
                var links = new List<string>();
                InNamespace(netns, () =>
                {
                    using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                    foreach (RtLinkGetlinkReply reply in client.GetlinkDump())
                    {
                        links.Add(Line(reply.Header, reply.Attributes));
                    }
                });
                return string.Join("\n", links);
            }

            /// <summary>Bytes allocated by <paramref name="rounds"/> handler-form dumps after a warm-up one, and the links each saw.</summary>
            public static string DumpAllocation(string netns, int rounds)
            {
                long allocated = 0;
                int links = 0;
                InNamespace(netns, () =>
                {
                    using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                    var counter = new Counter();
                    client.GetlinkDump(ref counter);
                    counter = new Counter();
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < rounds; i++)
                    {
                        client.GetlinkDump(ref counter);
                    }

                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    links = counter.Links;
                    if (counter.Attributes == 0)
                    {
                        throw new InvalidOperationException("the dump read no attributes");
                    }
                });
                return allocated + "|" + (links / rounds);
            }

            public static string Addresses(string netns)
            {
                var addresses = new List<string>();
                InNamespace(netns, () =>
                {
                    using var client = Test.RtAddr.RtAddrNetlinkClient.Open();
                    var collector = new AddressCollector(addresses);
                    client.GetaddrDump(ref collector);
                });
                return string.Join("\n", addresses);
            }

            /// <summary>RTM_NEWLINK (create a bridge), RTM_SETLINK on its index (change its MTU), RTM_DELLINK, each acked.</summary>
            public static string Bridge(string netns, string step, string name, int index, int mtu)
            {
                try
                {
                    InNamespace(netns, () =>
                    {
                        using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                        switch (step)
                        {
                            case "create":
                                client.Newlink(ifname: name, linkinfo: new RtLinkLinkinfoArguments { Kind = "bridge" }, requestFlags: NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl);
                                break;
                            case "change":
                                client.Setlink(new Ifinfomsg { IfiIndex = index }, mtu: (uint)mtu);
                                break;
                            default:
                                client.Dellink(new Ifinfomsg { IfiIndex = index });
                                break;
                        }
                    });
                    return "ok";
                }
                catch (Exception e)
                {
                    return e.Message;
                }
            }

            /// <summary>
            /// Joins RTNLGRP_LINK, makes and deletes a bridge through the client, and lists the link
            /// notifications that came: the creation through the handler form (RTM_NEWLINK typed, as
            /// the spec's newlink-ntf), the deletion through the allocating form (RTM_DELLINK, which the
            /// spec does not list, untyped), each waited for at most 5 s.
            /// </summary>
            public static string Notifications(string netns, string name)
            {
                var seen = new List<string>();
                InNamespace(netns, () =>
                {
                    using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                    client.Subscribe(RtLinkFamily.McastGroups.RtnlgrpLink);
                    client.Newlink(ifname: name, linkinfo: new RtLinkLinkinfoArguments { Kind = "bridge" }, requestFlags: NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl);
                    var names = new NotificationNames(seen);
                    long deadline = Environment.TickCount64 + 5000;
                    while (!seen.Exists(s => s.StartsWith("NewlinkNtf:" + name + ":", StringComparison.Ordinal)) && Environment.TickCount64 < deadline)
                    {
                        client.ReceiveNotifications(ref names, TimeSpan.FromMilliseconds(500));
                    }

                    client.Dellink(ifname: name);
                    deadline = Environment.TickCount64 + 5000;
                    while (!seen.Exists(s => s.StartsWith("Dellink:" + name + ":", StringComparison.Ordinal)) && Environment.TickCount64 < deadline)
                    {
                        foreach (RtLinkNotification notification in client.ReceiveNotifications(TimeSpan.FromMilliseconds(500)))
                        {
                            if (notification is RtLinkNewlinkNtfNotification typed)
                            {
                                seen.Add($"owned NewlinkNtf:{typed.Attributes.GetIfname()}:{typed.Header.IfiIndex}");
                            }
                            else
                            {
                                names.OnNotification(notification.Command, notification.Payload.Span);
                            }
                        }
                    }
                });
                return string.Join("\n", seen);
            }

            /// <summary>
            /// Bytes allocated while the handler form receives the RTM_NEWLINK notifications of
            /// <paramref name="links"/> bridges made beforehand (after a warm-up receive of one), and how
            /// many it read; the bridges are left for the caller's namespace to take away.
            /// </summary>
            public static string NotificationAllocation(string netns, int links)
            {
                long allocated = 0;
                int received = 0;
                InNamespace(netns, () =>
                {
                    using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                    client.Subscribe(RtLinkFamily.McastGroups.RtnlgrpLink);
                    var counter = new NotificationCounter();
                    client.Newlink(ifname: "ndynw", linkinfo: new RtLinkLinkinfoArguments { Kind = "bridge" }, requestFlags: NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl);
                    long deadline = Environment.TickCount64 + 5000;
                    while (counter.Created == 0 && Environment.TickCount64 < deadline)
                    {
                        client.ReceiveNotifications(ref counter, TimeSpan.FromMilliseconds(500));
                    }

                    for (int i = 0; i < links; i++)
                    {
                        client.Newlink(ifname: "ndyna" + i, linkinfo: new RtLinkLinkinfoArguments { Kind = "bridge" }, requestFlags: NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl);
                    }

                    counter = new NotificationCounter();
                    deadline = Environment.TickCount64 + 5000;
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    while (counter.Created < links && Environment.TickCount64 < deadline)
                    {
                        client.ReceiveNotifications(ref counter, TimeSpan.FromMilliseconds(500));
                    }

                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    received = counter.Created;
                });
                return allocated + "|" + received;
            }

            /// <summary>setns moves only the calling thread; the socket stays in the namespace it was made in.</summary>
            private static void InNamespace(string netns, Action action)
            {
                Exception? failure = null;
                var thread = new Thread(() =>
                {
                    try
                    {
                        using NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(netns);
                        action();
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
            }

            private static string Line(in Ifinfomsg info, RtLinkLinkAttributes link)
            {
                string state = link.Operstate is byte s && s < OperStates.Length ? OperStates[s] : "?";
                return $"{info.IfiIndex}|{link.GetIfname()}|{link.Mtu}|{link.FormatAddress()}|{state}|{link.Master}";
            }

            private readonly struct NotificationNames : IRtLinkNotificationHandler
            {
                private readonly List<string> _seen;

                public NotificationNames(List<string> seen) => _seen = seen;

                public void OnNewlinkNtf(in Ifinfomsg header, RtLinkLinkAttributes notification) =>
                    _seen.Add($"NewlinkNtf:{notification.GetIfname()}:{header.IfiIndex}");

                public void OnNotification(RtLinkCommand command, ReadOnlySpan<byte> payload)
                {
                    if (Ifinfomsg.TryRead(payload, out Ifinfomsg header))
                    {
                        _seen.Add($"{command}:{RtLinkLinkAttributes.Parse(payload.Slice(Ifinfomsg.Size)).GetIfname()}:{header.IfiIndex}");
                    }
                }
            }

            /// <summary>Counts new links' notifications named "ndyna...", reading their names in place.</summary>
            private struct NotificationCounter : IRtLinkNotificationHandler
            {
                public int Created;

                public void OnNewlinkNtf(in Ifinfomsg header, RtLinkLinkAttributes notification)
                {
                    if (header.IfiIndex > 0 && notification.IfnameUtf8.StartsWith("ndyna"u8))
                    {
                        Created++;
                    }
                }

                public void OnNotification(RtLinkCommand command, ReadOnlySpan<byte> payload)
                {
                }
            }

            /// <summary>Counts links and the attributes it reads, allocating nothing.</summary>
            private struct Counter : IRtLinkGetlinkHandler
            {
                public int Links;
                public long Attributes;

                public void OnGetlink(in Ifinfomsg header, RtLinkLinkAttributes link)
                {
                    Links++;
                    Attributes += link.Mtu is uint mtu ? mtu : 0;
                    Attributes += link.Operstate is byte state ? state + 1 : 0;
                    Attributes += link.Master is uint master ? master : 0;
                }
            }

            private readonly struct AddressCollector : Test.RtAddr.IRtAddrGetaddrHandler
            {
                private readonly List<string> _addresses;

                public AddressCollector(List<string> addresses) => _addresses = addresses;

                public void OnGetaddr(in Test.RtAddr.Ifaddrmsg info, Test.RtAddr.RtAddrAddrAttributes address)
                {
                    string family = info.IfaFamily == 2 ? "inet" : info.IfaFamily == 10 ? "inet6" : info.IfaFamily.ToString();
                    _addresses.Add($"{info.IfaIndex}|{family}|{info.IfaPrefixlen}|{address.FormatLocal() ?? address.FormatAddress()}|{info.IfaScope}");
                }
            }

            private readonly struct Collector : IRtLinkGetlinkHandler
            {
                private readonly List<string> _links;

                public Collector(List<string> links) => _links = links;

                public void OnGetlink(in Ifinfomsg info, RtLinkLinkAttributes link) => _links.Add(Line(info, link));
            }
        }
        """;

    [LiveKernelFact]
    [Trait("Needs", "live-kernel")]
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

            // The allocating form copies the same replies out.
            Assert.Equal(ip, Invoke(netns, "OwnedLinks").Split('\n', StringSplitOptions.RemoveEmptyEntries));

            // The dump's own attributes reach the kernel: filtered by master, only the enslaved veth comes.
            string bridge = ip.Single(l => l.Split('|')[1] == "ndynlbr").Split('|')[0];
            Assert.Equal("ndynl0", Invoke(netns, "LinksOfMaster", int.Parse(bridge, System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            Run("ip", "netns", "del", netns);
        }
    }

    [LiveKernelFact]
    [Trait("Needs", "live-kernel")]
    public void A_handler_form_dump_allocates_nothing_per_link()
    {
        string netns = "ndycal" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Ip("netns", "add", netns);
            for (int i = 0; i < 4; i++)
            {
                Ip("-n", netns, "link", "add", $"ndyc{i}a", "type", "veth", "peer", "name", $"ndyc{i}b");
            }

            string[] measured = Invoke(netns, "DumpAllocation", 50).Split('|');
            Assert.Equal("9", measured[1]); // links per dump: lo and four veth pairs
            Assert.Equal("0", measured[0]);
        }
        finally
        {
            Run("ip", "netns", "del", netns);
        }
    }

    [LiveKernelFact]
    [Trait("Needs", "live-kernel")]
    public void Link_notifications_come_to_a_client_that_subscribed()
    {
        string netns = "ndycnt" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Ip("netns", "add", netns);

            string[] seen = Invoke(netns, "Notifications", "ndycbr").Split('\n', StringSplitOptions.RemoveEmptyEntries);

            // RTM_NEWLINK comes typed (ifinfomsg and the link's view) to OnNewlinkNtf, RTM_DELLINK
            // (not in the spec) untyped, both with the index of the bridge.
            string created = Assert.Single(seen, n => n.StartsWith("NewlinkNtf:ndycbr:", StringComparison.Ordinal));
            int index = int.Parse(created.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(index > 1, created);
            Assert.Contains($"Dellink:ndycbr:{index}", seen);
            Assert.All(seen, n => Assert.Contains(":ndycbr:", n, StringComparison.Ordinal));
        }
        finally
        {
            Run("ip", "netns", "del", netns);
        }
    }

    [LiveKernelFact]
    [Trait("Needs", "live-kernel")]
    public void Typed_link_notifications_are_read_in_place_without_allocating()
    {
        string netns = "ndynna" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Ip("netns", "add", netns);

            string[] result = Invoke(netns, "NotificationAllocation", 20).Split('|');

            Assert.Equal("20", result[1]);
            Assert.Equal("0", result[0]);
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

    [LiveKernelFact]
    [Trait("Needs", "live-kernel")]
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

    [LiveKernelFact]
    [Trait("Needs", "live-kernel")]
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

    private static string Ip(params string[] arguments) => Command.Run("ip", arguments);

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        BoundedProcess.Outcome outcome = BoundedProcess.Run(program, arguments, TimeSpan.FromSeconds(20));
        return (outcome.ExitCode, outcome.Output + outcome.Error);
    }
}
