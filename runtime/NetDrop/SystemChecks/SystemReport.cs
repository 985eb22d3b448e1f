using System;
using System.Collections.Generic;
using NetDrop.Tracing;

namespace NetDrop.SystemChecks;

/// <summary>
/// What this machine offers for drop monitoring and why: the kernel, the rights held, NET_DM, tracefs
/// and the skb:kfree_skb tracepoint, NetDrop's BPF program, the kernel's drop reasons against NetDrop's catalogue, the TPACKET
/// versions, and the source <see cref="DropMonitor"/> chooses. Gathering it leaves nothing behind: no
/// module loaded, no filesystem mounted, no tracefs instance or NET_DM session left open.
/// </summary>
/// <param name="DropReasons">Null when the kernel's reason table could not be read.</param>
/// <param name="Bpf">Whether the BPF source loads; null in a report made without looking.</param>
public sealed record SystemReport(
    KernelRelease Kernel,
    CapabilitySet Capabilities,
    NetDmAvailability NetDm,
    TracefsAvailability Tracefs,
    KfreeSkbAvailability KfreeSkb,
    DropReasonCoverage? DropReasons,
    TpacketSupport Tpacket,
    DropSourceChoice DropSource,
    BpfAvailability? Bpf = null)
{
    /// <summary>One finding per topic, each with a status and, when not ok, what to do.</summary>
    public IReadOnlyList<Finding> Findings =>
    [
        Kernel.Assess(),
        Capabilities.Assess(),
        NetDm.Assess(),
        Tracefs.Assess(),
        KfreeSkb.Assess(),
        .. Bpf is null ? Array.Empty<Finding>() : [Bpf.Assess()],
        DropReasons?.Assess() ?? DropReasonCoverage.Unknown(KfreeSkb),
        Tpacket.Assess(),
        DropSource.Assess(Capabilities),
    ];

    /// <summary>Looks at the running kernel with the calling thread's rights.</summary>
    /// <exception cref="System.InvalidOperationException">uname failed.</exception>
    /// <exception cref="System.FormatException">The process status has no capability mask.</exception>
    /// <exception cref="System.IO.IOException">/proc cannot be read (not mounted).</exception>
    public static SystemReport Gather()
    {
        KernelRelease kernel = KernelRelease.Read();
        CapabilitySet capabilities = CapabilitySet.Read();
        KernelConfig? config = KernelConfig.Read(kernel.Release, out string? configProblem);
        NetDmAvailability netDm = NetDmAvailability.Probe(kernel, config, configProblem);
        TracefsAvailability tracefs = TracefsAvailability.Probe();
        KfreeSkbAvailability kfreeSkb = KfreeSkbAvailability.Probe(tracefs.MountPoint, out TraceEventFormat? format);
        DropReasonCoverage? reasons = format is null ? null : DropReasonCoverage.From(format);
        TpacketSupport tpacket = TpacketSupport.Probe();
        BpfAvailability bpf = BpfAvailability.Probe(tracefs.MountPoint);
        DropSourceChoice source = DropSourceChoice.Probe(netDm, tracefs);
        return new SystemReport(kernel, capabilities, netDm, tracefs, kfreeSkb, reasons, tpacket, source, bpf);
    }
}
