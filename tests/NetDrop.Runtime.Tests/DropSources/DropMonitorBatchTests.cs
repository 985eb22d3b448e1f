using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDrop.Bpf;
using NetDrop.Bpf.Filter;
using NetDrop.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.DropSources;

/// <summary>
/// A reader that fell behind finds thousands of drops waiting; DropMonitor.ReadAvailable hands them over a
/// batch at a time, so the caller's list (and the objects it holds at once) stay the size of one batch
/// instead of the backlog's, and every drop still arrives.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class DropMonitorBatchTests
{
    private const int Bursts = 10;
    private const int PerBurst = 1000;

    // A tracefs page is 4 KiB and a kfree_skb record (a 4-byte header, the common fields, skbaddr, location, protocol,
    // reason) more than 32 bytes: the most one page can add past the batch.
    private const int RecordsPerPage = 4096 / 32;

    [LiveKernelTheory]
    [InlineData(DropSourcePreference.Tracepoint)]
    [InlineData(DropSourcePreference.Bpf)]
    public void A_backlog_larger_than_a_batch_is_read_a_batch_at_a_time_and_every_drop_arrives(DropSourcePreference source)
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions
        {
            Source = source,
            Tracepoint = new KfreeSkbOptions { Filter = sender.KernelFilter, BufferSizeKilobytes = 4096 },

            // The BPF ring is the whole machine's: kept to this namespace, so other processes' drops cannot fill it.
            Bpf = new BpfDropSourceOptions { Filter = new KernelFilter(new KernelNumberTest(KernelFilterField.NamespaceInode, KernelComparison.Equal, [ns.Inode])) },
        });

        // Nothing is read while the backlog builds.
        for (int i = 0; i < Bursts; i++)
        {
            sender.Send(PerBurst);
        }

        var batch = new List<DropEvent>();
        var sizes = new List<int>();
        int ours = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ours < Bursts * PerBurst && DateTime.UtcNow < deadline)
        {
            batch.Clear();
            int read = monitor.ReadAvailable(batch);
            if (read == 0)
            {
                monitor.Wait(TimeSpan.FromMilliseconds(100));
                continue;
            }

            sizes.Add(read);
            ours += batch.Count;
        }

        Assert.Equal(Bursts * PerBurst, ours);
        Assert.Equal(0, monitor.ReadLoss().Lost);
        int most = source == DropSourcePreference.Tracepoint ? DropMonitor.BatchSize + RecordsPerPage : DropMonitor.BatchSize;
        Assert.True(sizes.Max() <= most, $"batches of {string.Join(", ", sizes)}; at most {most} expected");
        Assert.True(sizes.Count >= Bursts * PerBurst / most, $"the backlog came in {sizes.Count} batches: {string.Join(", ", sizes)}");
        Assert.True(batch.Capacity <= 2 * DropMonitor.BatchSize, $"the list grew to {batch.Capacity.ToString(CultureInfo.InvariantCulture)}");
    }
}
