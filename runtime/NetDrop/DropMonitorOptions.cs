using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Tracing;

namespace NetDrop;

/// <summary>How <see cref="DropMonitor"/> chooses and sets up its source.</summary>
public sealed record DropMonitorOptions
{
    public DropSourcePreference Source { get; init; } = DropSourcePreference.Auto;

    /// <summary>Bytes of each dropped packet NET_DM sends (0 sends whole packets). The tracepoint sends none.</summary>
    public uint TruncationLength { get; init; } = 128;

    /// <summary>NET_DM's per-CPU queue of alerts awaiting delivery; when full, the kernel counts tail drops.</summary>
    public uint QueueLength { get; init; } = 1000;

    /// <summary>Names drop locations; the tracepoint reports only addresses. Null loads /proc/kallsyms when readable.</summary>
    public KernelSymbols? Symbols { get; init; }

    public NetDmClientOptions NetDm { get; init; } = new();

    public KfreeSkbOptions Tracepoint { get; init; } = new();
}
