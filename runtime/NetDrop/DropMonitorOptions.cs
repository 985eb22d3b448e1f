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

    /// <summary>
    /// When NET_DM is already monitoring (another tool's session, or one left running by a NetDrop that
    /// was killed: the kernel keeps monitoring after its starter is gone and refuses CONFIG with EBUSY),
    /// stop that session and start this monitor's own, which is stopped again on dispose. Off by default:
    /// the running session may be someone else's.
    /// </summary>
    public bool TakeOverNetDm { get; init; }

    /// <summary>
    /// Also report drops in devices (NET_DM hardware drops, through devlink traps). Only NET_DM sees them,
    /// so auto then prefers NET_DM to the BPF program.
    /// </summary>
    public bool HardwareDrops { get; init; }

    public NetDmClientOptions NetDm { get; init; } = new();

    public KfreeSkbOptions Tracepoint { get; init; } = new();

    /// <summary>Options for the BPF source (snap length, ring size).</summary>
    public NetDrop.Bpf.BpfDropSourceOptions Bpf { get; init; } = new();
}
