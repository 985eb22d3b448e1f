using System;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// A reader measured against one run of the load: the tracepoint readers count the drops it causes,
/// the capture readers count its frames arriving at the sink.
/// </summary>
internal interface ILoadReader
{
    string Name { get; }

    /// <summary>Reads while the generator sends <paramref name="count"/> packets, and measures what it saw and what it cost.</summary>
    ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel);
}
