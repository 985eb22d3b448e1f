namespace NetDrop.CaptureFiles;

/// <summary>An Interface Statistics Block read from a pcapng file.</summary>
/// <param name="Interface">The interface the counters are for.</param>
/// <param name="TimestampNanoseconds">The block's own timestamp: when the counters were taken, nanoseconds since the Unix epoch.</param>
/// <param name="Counters">The counters the block holds (each null when absent).</param>
/// <param name="FileOffset">Byte offset of the block in the file.</param>
public sealed record CaptureStatistics(CaptureInterface Interface, long TimestampNanoseconds, PcapNgStatistics Counters, long FileOffset);
