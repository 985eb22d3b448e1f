using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using NetDrop.Metrics;
using NetDrop.Tests.LiveKernel;
using NetDrop.Tracing;

namespace NetDrop.Tests.Faults;

/// <summary>
/// The tracefs ring overrunning: a burst far larger than a two-page ring while nothing reads. The source
/// counts what the kernel overwrote, so drops read plus drops lost equal the drops caused; the loss reaches
/// netdrop.lost_events the way watch records it at exit; and the source reads the next drops after the loss.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class RingOverrunTests
{
    private const int Burst = 1000;
    private const int Bursts = 3;

    [LiveKernelFact]
    public void An_overrun_tracefs_ring_is_counted_reported_in_metrics_and_reading_goes_on()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using var metrics = new DropMetrics();
        long lostInMetrics = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "netdrop.lost_events")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => lostInMetrics += value);
        listener.Start();

        using DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions
        {
            Source = DropSourcePreference.Tracepoint,
            Tracepoint = new KfreeSkbOptions { BufferSizeKilobytes = 8, Filter = sender.KernelFilter },
        });

        // Nothing reads while the burst goes in: an 8 KiB ring holds about 180 of these records.
        for (int i = 0; i < Bursts; i++)
        {
            sender.Send(Burst);
        }

        var events = new List<DropEvent>();
        ReadUntilQuiet(monitor, events);
        DropLoss loss = monitor.ReadLoss();
        metrics.RecordLost(monitor.Source, loss.Lost, "source");

        Assert.True(loss.Lost > 0, $"{events.Count} read, none lost: {loss.Detail}");
        Assert.True(events.Count + loss.Lost == Bursts * Burst, $"{events.Count} read + {loss.Lost} lost ({loss.Detail}) != {Bursts * Burst} caused");
        Assert.Equal(loss.Lost, lostInMetrics);

        // After the loss the source reads on: the next drops arrive whole, and no new loss is counted.
        int before = events.Count;
        sender.Send(50);
        ReadUntilQuiet(monitor, events);
        Assert.Equal(50, events.Count - before);
        Assert.Equal(loss.Lost, monitor.ReadLoss().Lost);
    }

    /// <summary>Reads until no drop has come for half a second (at most 20 s).</summary>
    private static void ReadUntilQuiet(DropMonitor monitor, List<DropEvent> events)
    {
        var clock = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromMilliseconds(500) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            monitor.Wait(TimeSpan.FromMilliseconds(100));
            if (monitor.ReadAvailable(events) > 0)
            {
                quiet.Restart();
            }
        }
    }
}
