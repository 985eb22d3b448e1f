using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NetDrop.Interop;
using NetDrop.NetDm;
using NetDrop.Netlink.Generic;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.KernelLab.Tests;

/// <summary>
/// NET_DM keeps monitoring after whoever started it is gone (a netdrop killed with SIGKILL never sends
/// STOP), and then refuses CONFIG with EBUSY. The monitor says so and what to do; asked to, it takes
/// the session over and stops it at the end.
/// </summary>
public sealed class NetDmTakeOverLabTests
{
    [KernelLabFact]
    public void A_session_left_running_is_reported_and_on_request_taken_over_and_stopped()
    {
        // The left-over session: started, and its starter never heard from again.
        NetDmClient left = NetDmClient.Open();
        left.Start();
        try
        {
            // Hardware drops asked for, so auto tries NET_DM before the BPF program.
            using (DropMonitor fallback = DropMonitor.Open(new DropMonitorOptions { HardwareDrops = true }))
            {
                Assert.Equal(DropSource.Tracepoint, fallback.Source);
                Assert.Contains("NET_DM is already monitoring", fallback.Explanation, StringComparison.Ordinal);
                Assert.Contains("(DropMonitorOptions.TakeOverNetDm)", fallback.Explanation, StringComparison.Ordinal);
            }

            var refused = Assert.Throws<NetlinkRequestException>(() => DropMonitor.Open(new DropMonitorOptions { Source = DropSourcePreference.NetDm }));
            Assert.Equal(Errno.EBUSY, refused.Errno);
            Assert.Contains("take the session over (DropMonitorOptions.TakeOverNetDm)", refused.Message, StringComparison.Ordinal);

            byte[] marker = Loopback.Marker("takeover");
            int port = Loopback.ClosedUdpPort();
            using (DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions { Source = DropSourcePreference.NetDm, TakeOverNetDm = true }))
            {
                Assert.Equal(DropSource.NetDm, monitor.Source);
                Assert.Contains("took over a NET_DM session that was already running", monitor.Explanation, StringComparison.Ordinal);

                // Its own configuration holds: packet alerts with the payload.
                Loopback.SendUdp(port, marker, 3);
                var events = new List<DropEvent>();
                var clock = Stopwatch.StartNew();
                while (events.Count(e => Loopback.Contains(e.Payload, marker)) < 3 && clock.Elapsed < TimeSpan.FromSeconds(10))
                {
                    monitor.Wait(TimeSpan.FromMilliseconds(100));
                    monitor.ReadAvailable(events);
                }

                Assert.Equal(3, events.Count(e => Loopback.Contains(e.Payload, marker)));
            }

            // Stopped at the end: NET_DM takes a configuration again.
            using NetDmClient after = NetDmClient.Open();
            after.Configure(NetDmAlertMode.Packet);
        }
        finally
        {
            try
            {
                left.Stop();
            }
            catch (NetlinkRequestException)
            {
                // Already stopped by the take-over, as it should be.
            }

            left.Dispose();
        }
    }
}
