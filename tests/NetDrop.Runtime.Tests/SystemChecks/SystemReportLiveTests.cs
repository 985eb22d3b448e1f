using System.IO;
using System.Linq;
using NetDrop.SystemChecks;
using NetDrop.Interop;
using NetDrop.Tracing;

using NetDrop.Tests.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.SystemChecks;

/// <summary>
/// SystemReport.Gather in this process, as root and on a thread with no capabilities and nobody's
/// file access. In the live-kernel collection: its drop-source trial uses this process's tracefs instance name.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class SystemReportLiveTests
{
    private const uint Nobody = 65534;

    [LiveKernelFact]
    public void As_root_every_source_of_facts_is_read_and_the_trial_is_undone()
    {
        SystemReport report = SystemReport.Gather();

        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), report.Kernel.Release);
        Assert.Equal(Tracefs.Locate(), report.Tracefs.MountPoint);
        Assert.True(report.KfreeSkb.Present);
        Assert.NotNull(report.DropReasons);
        Assert.True(report.DropSource.Opened);
        Assert.NotNull(report.DropSource.Source);
        Assert.Equal(9, report.Findings.Count);

        // Root here has CAP_BPF and BTF: the BPF program loads, and auto chooses it.
        Assert.True(report.Bpf!.Loads, report.Bpf.Problem);
        Assert.Equal(DropSource.Bpf, report.DropSource.Source);
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(System.Environment.ProcessId)));
    }

    [LiveKernelFact]
    public void A_thread_without_rights_gets_a_report_that_says_what_root_would_add()
    {
        SystemReport report = ThreadCapabilities.RunUnprivileged(Nobody, SystemReport.Gather);

        Assert.Equal(0UL, report.Capabilities.Effective);
        Assert.Null(report.KfreeSkb.Present);
        Assert.EndsWith("cannot be read: permission denied", report.KfreeSkb.Problem);
        Assert.Null(report.DropReasons);
        Assert.Equal(Errno.EPERM, report.Tpacket.Errno);
        Assert.Null(report.DropSource.Source);
        Assert.Equal(
            ["privileges", "skb:kfree_skb", "drop reasons", "TPACKET", "drop source"],
            report.Findings.Where(f => f.Remedy?.Contains("run as root") == true).Select(f => f.Topic));
    }
}
