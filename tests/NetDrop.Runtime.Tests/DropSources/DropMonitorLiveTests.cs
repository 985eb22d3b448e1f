using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.NetDm;
using NetDrop.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.DropSources;

/// <summary>
/// The DropMonitor facade on this machine's kernel, which has no NET_DM: it must pick the
/// tracepoint, say why, and deliver the drops a namespace of the test's own causes.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class DropMonitorLiveTests
{
    private const int Count = 23;

    [LiveKernelFact]
    public async Task Without_NET_DM_the_monitor_reads_the_tracepoint_says_why_and_delivers_each_drop()
    {
        using var ns = new NetworkNamespace();
        using var sender = new DropSender(ns, "127.0.0.1", 9, Count);
        using DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions
        {
            Tracepoint = new KfreeSkbOptions { Filter = "common_pid == " + sender.Pid.ToString(CultureInfo.InvariantCulture), BufferSizeKilobytes = 256 },
        });

        Assert.Equal(DropSource.Tracepoint, monitor.Source);
        Assert.StartsWith("the skb:kfree_skb tracepoint, because NET_DM cannot be used: " + NetDmUnavailableException.Describe(NetDmUnavailableException.CanLoadModules()), monitor.Explanation);

        sender.Go();
        var drops = new List<DropEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (DropEvent drop in monitor.ReadEventsAsync(timeout.Token))
        {
            drops.Add(drop);
            if (drops.Count == Count)
            {
                break;
            }
        }

        Assert.Equal(Count, drops.Count);
        Assert.All(drops, drop =>
        {
            Assert.Equal(DropSource.Tracepoint, drop.Source);
            Assert.Equal(DropReason.NoSocket, drop.Reason);
            Assert.Equal("NO_SOCKET", drop.ReasonName);
            Assert.Equal(0x0800, drop.Protocol);
            Assert.StartsWith("__udp4_lib_rcv+0x", drop.Symbol);
            Assert.InRange(drop.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        });
        Assert.Equal(0, monitor.ReadLoss().Lost);
    }

    [LiveKernelFact]
    public void Asking_for_NET_DM_on_a_kernel_without_it_is_an_error_not_a_fallback()
    {
        var error = Assert.Throws<NetDmUnavailableException>(() => DropMonitor.Open(new DropMonitorOptions { Source = DropSourcePreference.NetDm }));

        Assert.Equal(NetDmUnavailableException.Describe(NetDmUnavailableException.CanLoadModules()), error.Message);
    }

    [LiveKernelFact]
    public void An_unprivileged_user_is_told_that_tracefs_needs_root()
    {
        string tracefs = Tracefs.Locate();

        Exception? error = ThreadCapabilities.RunUnprivileged(65534, () =>
            Record.Exception(() => KfreeSkbSource.Open(new KfreeSkbOptions { TracefsPath = tracefs }).Dispose()));

        var unavailable = Assert.IsType<TracefsUnavailableException>(error);
        Assert.Equal($"cannot read tracefs at {tracefs}: it is readable by root only; run as root (sudo), or give this user access to it (mount -o remount,mode=750,gid=GROUP {tracefs}).", unavailable.Message);
    }

    [LiveKernelFact]
    public void An_unprivileged_monitor_says_what_each_source_needed()
    {
        Exception? error = ThreadCapabilities.RunUnprivileged(65534, () =>
            Record.Exception(() => DropMonitor.Open().Dispose()));

        var unavailable = Assert.IsType<DropSourceUnavailableException>(error);
        Assert.StartsWith("no drop source can be used here. NetDrop's BPF program: it needs CAP_BPF and CAP_PERFMON (or root): run as root or grant them (setcap cap_bpf,cap_perfmon+ep). NET_DM: ", unavailable.Message);
        Assert.Contains("skb:kfree_skb tracepoint: cannot read tracefs", unavailable.Message);
    }
}
