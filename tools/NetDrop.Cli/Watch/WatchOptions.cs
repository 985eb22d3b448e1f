using System;
using NetDrop.Cli.Metrics;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Cli.Watch;

/// <summary>netdrop watch's options, checked.</summary>
/// <param name="Source">Where drops are read.</param>
/// <param name="Mode">Table or one line per packet.</param>
/// <param name="Json">One JSON object per drop instead of text.</param>
/// <param name="Filter">Which drops are shown and counted as matched.</param>
/// <param name="KernelFilter">A filter in the kernel's own syntax for the tracepoint (common_pid == 1234); null for none.</param>
/// <param name="Duration">Stop after this long; null runs until Ctrl-C or <paramref name="Count"/>.</param>
/// <param name="Count">Stop after this many matching drops; null for no limit.</param>
/// <param name="Interval">With output redirected, print the table this often as well as at the end; null prints it once.</param>
/// <param name="Otlp">An OpenTelemetry Collector to send the counts of the drops that pass the filter to; null for none.</param>
/// <param name="WritePath">A pcapng file to save the drops that pass the filter to, with their reasons as packet comments; null for none.</param>
/// <param name="NeedsBpf">--netns or --iface: only the BPF source says which namespace a drop was in.</param>
/// <param name="Stack">--stack: record each drop's kernel stack (BPF source).</param>
/// <param name="KernelAddresses">Show each drop's raw kernel address (JSON's location, the file's comments, and in place of a missing symbol); off, the symbol alone.</param>
/// <param name="HardwareDrops">Also monitor drops in devices (NET_DM only).</param>
/// <param name="Verbose">Print the verifier's log when the kernel rejects the BPF program.</param>
internal sealed record WatchOptions(
    DropSourcePreference Source,
    WatchMode Mode,
    bool Json,
    DropFilter Filter,
    string? KernelFilter,
    TimeSpan? Duration,
    long? Count,
    TimeSpan? Interval,
    MetricsExportOptions? Otlp = null,
    string? WritePath = null,
    bool TakeOverNetDm = false,
    bool KernelAddresses = false,
    bool Verbose = false,
    bool HardwareDrops = false,
    bool NeedsBpf = false,
    bool Stack = false)
{
    /// <summary>--kernel-filter as the user wrote it (KernelFilter is what the kernel gets: reason names as numbers); null for none.</summary>
    public string? KernelFilterWritten { get; init; }

    /// <summary>The source's buffer (tracepoint ring per CPU, NET_DM receive buffer, BPF ring); null for the library's defaults.</summary>
    public int? BufferBytes { get; init; }

    /// <summary>A filter field or --write the source cannot serve is an error rather than a warning.</summary>
    public bool Strict { get; init; }
}
