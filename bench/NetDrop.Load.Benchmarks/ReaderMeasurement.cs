namespace NetDrop.Load.Benchmarks;

/// <summary>
/// One reader against one generator run. <see cref="Expected"/> is the kernel's own count of the
/// load's drops in that run (not what the generator thinks it sent), <see cref="Counted"/> what the
/// reader delivered; CPU is the reader process's user+system time from just before the load
/// started until it had read (and for perf, written) everything.
/// </summary>
internal sealed record ReaderMeasurement(
    string Reader,
    int BufferKilobytes,
    long Sent,
    double GeneratorSeconds,
    long Expected,
    long Counted,
    long ToolReportedLost,
    string ToolLossDetail,
    double WallSeconds,
    long CpuNanoseconds,
    long? AllocatedBytes,
    string? Note)
{
    /// <summary>The runs and run time of the reader's BPF program over the load, from the kernel's statistics; null for a reader without one.</summary>
    public BpfRunStatistics? Program { get; init; }

    /// <summary>Drops the reader did not deliver.</summary>
    public long Lost => Expected - Counted;

    /// <summary>The rate the generator achieved while this reader was tracing.</summary>
    public double LoadRate => GeneratorSeconds > 0 ? Sent / GeneratorSeconds : 0;

    public double EventsPerSecond => WallSeconds > 0 ? Counted / WallSeconds : 0;

    public double CpuNanosecondsPerEvent => Counted > 0 ? (double)CpuNanoseconds / Counted : double.NaN;

    public double? BytesPerEvent => AllocatedBytes is long bytes && Counted > 0 ? (double)bytes / Counted : null;
}
