using System;
using System.Threading;

namespace NetDrop.Tracing.Benchmarks;

/// <summary>A way of reading skb:kfree_skb, measured against one run of the load.</summary>
internal interface IDropReader
{
    string Name { get; }

    /// <summary>Traces while the generator sends <paramref name="count"/> packets, and measures what it saw and what it cost.</summary>
    ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel);
}
