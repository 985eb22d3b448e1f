using System;
using System.Collections.Generic;
using NetDrop.Tracing;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// A page from trace_pipe_raw, walked with the real kernel's layouts: <see cref="RingBufferPageReader"/>
/// and <see cref="KfreeSkbSource.ReadPage{THandler}"/>. Every event lies inside the page's data, the walk
/// always moves forward, damage stops it with a reason, and nothing throws.
/// </summary>
internal sealed class RingBufferPageTarget : FuzzTarget
{
    public override string Name => "tracefs-page";

    public override string Description => "trace_pipe_raw pages (RingBufferPageReader, kfree_skb records) with a 6.18 kernel's layouts";

    public override void Run(ReadOnlySpan<byte> input) => Walk(input, TracefsVectors.PageLayout, TracefsVectors.Layout, TracefsVectors.Reasons);

    /// <summary>Walks a page twice, once event by event and once as the source does, and checks they agree.</summary>
    public static void Walk(ReadOnlySpan<byte> page, RingBufferPageLayout pageLayout, KfreeSkbLayout layout, KernelDropReasons reasons)
    {
        var reader = new RingBufferPageReader(page, pageLayout);
        int events = 0;
        int records = 0;
        int lastOffset = -1;
        while (reader.TryReadNext(out RingBufferEvent ringEvent))
        {
            events++;
            Invariants.That(events <= page.Length / 4, $"{events} events from a {page.Length}-byte page: the walk is not moving forward");
            Invariants.Inside(ringEvent.Data, page, $"event {events}");
            Invariants.That(ringEvent.Offset > lastOffset, $"event {events} at page offset {ringEvent.Offset} is not after {lastOffset}");
            lastOffset = ringEvent.Offset;
            if (ringEvent.Data.Length >= layout.MinimumLength && System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(ringEvent.Data) == layout.EventId)
            {
                records++;
            }
        }

        Invariants.That(reader.MissedEvents == 0 || reader.HasMissedEvents, "a page stores a count of missed events without the flag that says events were missed");

        var drops = new List<DropEvent>();
        int count;
        PageLoss loss;
        var checker = new KfreeSkbChecker(reasons, drops);
        count = KfreeSkbSource.ReadPage(page, cpu: 1, pageLayout, layout, ref checker, out loss);

        Invariants.That(count == records && drops.Count == records, $"the source read {count} records, the page walk found {records}");
        Invariants.That(loss.HasMissedEvents == reader.HasMissedEvents && (loss.Error is null) == (reader.Error is null), "the source and the page walk disagree on loss or damage");
    }
}
