using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.KernelLab.Tests;

/// <summary>The DropMonitor facade on a kernel that has NET_DM: it takes NET_DM, unless rights forbid it.</summary>
public sealed class DropMonitorLabTests
{
    [KernelLabFact]
    public void With_NET_DM_and_root_the_monitor_takes_NET_DM_and_delivers_drops_with_payload()
    {
        byte[] marker = Loopback.Marker("monitor");
        int port = Loopback.ClosedUdpPort();
        // Asked by name: auto prefers NetDrop's BPF program where it loads (this 6.1 has BTF).
        using DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions { Source = DropSourcePreference.NetDm });

        Assert.Equal(DropSource.NetDm, monitor.Source);
        Assert.StartsWith("NET_DM (generic netlink family ", monitor.Explanation);

        Loopback.SendUdp(port, marker, 4);
        var events = new List<DropEvent>();
        var clock = Stopwatch.StartNew();
        while (events.Count(e => Loopback.Contains(e.Payload, marker)) < 4 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            monitor.Wait(TimeSpan.FromMilliseconds(100));
            monitor.ReadAvailable(events);
        }

        List<DropEvent> ours = events.Where(e => Loopback.Contains(e.Payload, marker)).ToList();
        Assert.Equal(4, ours.Count);
        Assert.All(ours, e =>
        {
            Assert.Equal(DropSource.NetDm, e.Source);
            Assert.Equal(DropReason.NoSocket, e.Reason);
            Assert.Equal(1, e.InterfaceIndex);
            Assert.StartsWith("__udp4_lib_rcv+0x", e.Symbol);
        });
        Assert.Equal(0, monitor.ReadLoss().Lost);
    }

    [KernelLabFact]
    public void Without_CAP_NET_ADMIN_the_monitor_falls_back_to_the_tracepoint_and_says_why()
    {
        (DropSource source, string explanation) = ThreadCapabilities.RunWithout(
            [ThreadCapabilities.CAP_NET_ADMIN, ThreadCapabilities.CAP_SYS_ADMIN],
            () =>
            {
                // Hardware drops asked for: auto then skips the BPF program (which sees no device drops) and
                // tries NET_DM first, whose fallback this test is about.
                using DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions { HardwareDrops = true });
                return (monitor.Source, monitor.Explanation);
            });

        Assert.Equal(DropSource.Tracepoint, source);
        Assert.StartsWith("the skb:kfree_skb tracepoint, because NET_DM cannot be used: netlink setsockopt(NETLINK_ADD_MEMBERSHIP", explanation);
    }
}
