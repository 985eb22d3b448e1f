using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NetDrop.Interop;
using NetDrop.NetDm;
using NetDrop.Netlink.Generic;

namespace NetDrop.KernelLab.Tests;

/// <summary>
/// Another NET_DM client takes the session away: it sends STOP, as dropwatch's "stop" does, and may start
/// a session of its own. NET_DM sends the first client nothing when that happens, and its alerts just stop;
/// what shows it is CONFIG, which the kernel refuses (EBUSY) only while it monitors, and CONFIG_GET, whose alert
/// mode is the other client's when it runs a session of its own. The agent looks at both every 2 s and opens
/// NET_DM again when the other tool lets go.
/// </summary>
public sealed class NetDmTakenAwayLabTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    [KernelLabFact]
    public void A_session_another_client_stops_is_seen_as_stopped_and_a_new_one_starts_when_that_client_lets_go()
    {
        int port = Loopback.ClosedUdpPort();
        var options = new DropMonitorOptions { Source = DropSourcePreference.NetDm };
        using (DropMonitor monitor = DropMonitor.Open(options))
        {
            NetDmClient ours = monitor.NetDm!;
            Assert.True(ours.IsMonitoring());
            Assert.Equal(3, Received(monitor, port, "before", 3));

            // The other tool's STOP: nothing arrives on our socket to say so, and our alerts stop.
            using NetDmClient other = NetDmClient.Open(new NetDmClientOptions { StopOnProcessExit = false });
            other.Stop();
            Assert.Equal(0, Received(monitor, port, "stopped", 3));
            Assert.False(ours.IsMonitoring());

            // It starts a session of its own (summary mode, as dropwatch's default): NET_DM monitors again,
            // not for us, and opening ours is refused until it lets go.
            other.Configure(NetDmAlertMode.Summary);
            other.Start();
            try
            {
                // What shows the session is not ours: the mode in force is the other client's.
                Assert.True(ours.IsMonitoring());
                Assert.Equal(NetDmAlertMode.Summary, ours.GetConfig().AlertMode);
                Assert.Equal(0, Received(monitor, port, "theirs", 3));
                var busy = Assert.Throws<NetlinkRequestException>(() => DropMonitor.Open(options).Dispose());
                Assert.Equal(Errno.EBUSY, busy.Errno);
            }
            finally
            {
                other.Stop();
            }

            Assert.False(ours.IsMonitoring());
        }

        // Our client knew its session was over, so closing it stopped nothing; a new one starts and counts.
        using DropMonitor again = DropMonitor.Open(options);
        Assert.True(again.NetDm!.IsMonitoring());
        Assert.Equal(4, Received(again, port, "again", 4));
    }

    /// <summary>Sends <paramref name="count"/> marked datagrams to a closed port; returns how many packet alerts carried the marker.</summary>
    private static int Received(DropMonitor monitor, int port, string what, int count)
    {
        byte[] marker = Loopback.Marker("taken-away-" + what);
        Loopback.SendUdp(port, marker, count);
        var events = new List<DropEvent>();
        var clock = Stopwatch.StartNew();
        var lastNew = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && lastNew.Elapsed < Quiet + Quiet)
        {
            monitor.Wait(TimeSpan.FromMilliseconds(100));
            if (monitor.ReadAvailable(events) > 0)
            {
                lastNew.Restart();
            }

            if (events.Count(e => Loopback.Contains(e.Payload, marker)) >= count)
            {
                break;
            }
        }

        return events.Count(e => Loopback.Contains(e.Payload, marker));
    }
}
