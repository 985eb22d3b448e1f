using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Bpf;

/// <summary>DropMonitor with the BPF source asked for by name: it says so, delivers the drops a sender of the test's own causes, as events and as a stream, and reports the source's loss.</summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class BpfDropMonitorLiveTests
{
    private const int Count = 17;

    [LiveKernelFact]
    public void Asked_for_by_name_the_monitor_reads_the_BPF_source_and_delivers_each_drop()
    {
        using var ns = new NetworkNamespace();
        using var sender = new DropSender(ns, "127.0.0.1", 9, Count);
        using DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions { Source = DropSourcePreference.Bpf });

        Assert.Equal(DropSource.Bpf, monitor.Source);
        Assert.NotNull(monitor.Bpf);
        Assert.Null(monitor.Tracepoint);
        Assert.Contains("BPF program on the skb:kfree_skb tracepoint, as asked, 128 bytes per packet", monitor.Explanation);

        sender.Go();
        var events = new List<DropEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (events.Count(e => e.Pid == sender.Pid) < Count && DateTime.UtcNow < deadline)
        {
            monitor.Wait(TimeSpan.FromMilliseconds(50));
            monitor.ReadAvailable(events);
        }

        List<DropEvent> ours = events.Where(e => e.Pid == sender.Pid).ToList();
        Assert.Equal(Count, ours.Count);
        Assert.All(ours, e =>
        {
            Assert.Equal(DropSource.Bpf, e.Source);
            Assert.Equal(DropReason.NoSocket, e.Reason);
            Assert.Equal("lo", e.InterfaceName);
            Assert.False(e.Payload.IsEmpty);
            Assert.InRange(Math.Abs((e.Time - DateTimeOffset.UtcNow).TotalSeconds), 0, 30);
        });
        Assert.Equal(0, monitor.ReadLoss().Lost);
    }

    [LiveKernelFact]
    public async Task The_event_stream_ends_when_cancelled()
    {
        using var ns = new NetworkNamespace();
        using var sender = new DropSender(ns, "127.0.0.1", 9, Count);
        using DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions { Source = DropSourcePreference.Bpf });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        sender.Go();

        int ours = 0;
        await foreach (DropEvent drop in monitor.ReadEventsAsync(cancel.Token))
        {
            if (drop.Pid == sender.Pid && ++ours == Count)
            {
                cancel.Cancel();
            }
        }

        Assert.Equal(Count, ours);
    }
}
