using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Typed notifications of a generic netlink family against the live kernel: netdev's 'mgmt' group
/// reports a veth pair made through the rt-link client in a namespace of the test's own, the
/// appearing devices through the handler form (OnDevAddNtf with netdev's dev view), the disappearing
/// ones through the allocating form (NetdevDevDelNtfNotification), with the indexes an RTM_GETLINK dump
/// gave the pair while it existed; afterwards 'ip -j link' shows only lo.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class NetdevNotificationLiveTests
{
    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using NetDrop.Netlink;
        using Test.Netdev;
        using Test.RtLink;

        namespace App;

        internal static class Probe
        {
            /// <summary>Joins 'mgmt', makes a veth (its peer named by the kernel), then deletes it; each notification waited for at most 5 s.</summary>
            public static string VethNotifications(string netns, string name)
            {
                var seen = new List<string>();
                InNamespace.Run(netns, () =>
                {
                    using NetdevNetlinkClient netdev = NetdevNetlinkClient.Open();
                    netdev.Subscribe(NetdevFamily.McastGroups.Mgmt);
                    using RtLinkNetlinkClient links = RtLinkNetlinkClient.Open();
                    links.Newlink(ifname: name, linkinfo: new RtLinkLinkinfoArguments { Kind = "veth" }, requestFlags: NetlinkMessageFlags.Create | NetlinkMessageFlags.Excl);
                    var added = new Added(seen);
                    long deadline = Environment.TickCount64 + 5000;
                    while (seen.Count < 2 && Environment.TickCount64 < deadline)
                    {
                        netdev.ReceiveNotifications(ref added, TimeSpan.FromMilliseconds(500));
                    }

                    seen.Add(string.Join(",", Indexes(links)));
                    links.Dellink(ifname: name);
                    int deleted = 0;
                    deadline = Environment.TickCount64 + 5000;
                    while (deleted < 2 && Environment.TickCount64 < deadline)
                    {
                        foreach (NetdevNotification notification in netdev.ReceiveNotifications(TimeSpan.FromMilliseconds(500)))
                        {
                            if (notification is NetdevDevDelNtfNotification gone)
                            {
                                seen.Add("del:" + gone.Attributes.Ifindex);
                                deleted++;
                            }
                        }
                    }
                });
                return string.Join("\n", seen);
            }

            private static List<string> Indexes(RtLinkNetlinkClient links)
            {
                var indexes = new List<string>();
                foreach (RtLinkGetlinkReply link in links.GetlinkDump())
                {
                    if (link.Header.IfiIndex != 1)
                    {
                        indexes.Add(link.Header.IfiIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                return indexes;
            }

            private readonly struct Added : INetdevNotificationHandler
            {
                private readonly List<string> _seen;

                public Added(List<string> seen) => _seen = seen;

                public void OnDevAddNtf(NetdevDevAttributes notification) => _seen.Add("add:" + notification.Ifindex);

                public void OnDevDelNtf(NetdevDevAttributes notification) => _seen.Add("unexpected del:" + notification.Ifindex);

                public void OnDevChangeNtf(NetdevDevAttributes notification)
                {
                }

                public void OnPagePoolAddNtf(NetdevPagePoolAttributes notification)
                {
                }

                public void OnPagePoolDelNtf(NetdevPagePoolAttributes notification)
                {
                }

                public void OnPagePoolChangeNtf(NetdevPagePoolAttributes notification)
                {
                }

                public void OnNotification(NetdevCommand command, ReadOnlySpan<byte> payload) => _seen.Add("untyped:" + command);
            }
        }
        """;

    [LiveKernelFact]
    [Trait("Needs", "live-kernel")]
    public void Netdev_device_notifications_come_typed_with_the_indexes_ip_link_shows()
    {
        string netns = "ndynnd" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Command.Run("ip", "netns", "add", netns);

            string[] seen = LiveProbe.Invoke(new[] { "netdev.yaml", "rt-link.yaml" }, Probe, "VethNotifications", netns, "ndynv0").Split('\n');

            // The pair's indexes as the probe's dump saw them while both existed.
            string[] pair = seen.Single(s => !s.Contains(':', StringComparison.Ordinal)).Split(',').Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(2, pair.Length);
            Assert.Equal(pair.Select(i => "add:" + i), seen.Where(s => s.StartsWith("add:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.Equal(pair.Select(i => "del:" + i), seen.Where(s => s.StartsWith("del:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(seen, s => s.StartsWith("unexpected", StringComparison.Ordinal) || s.StartsWith("untyped", StringComparison.Ordinal));
            using JsonDocument after = JsonDocument.Parse(Command.Run("ip", "-n", netns, "-j", "link"));
            Assert.Single(after.RootElement.EnumerateArray());
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }
}
