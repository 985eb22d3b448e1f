using System.IO;
using NetDrop.SystemChecks;
using NetDrop.NetDm;

namespace NetDrop.KernelLab.Tests;

/// <summary>The doctor's report on a kernel that has NET_DM: found, chosen, and left configured as it was.</summary>
public sealed class DoctorLabTests
{
    [KernelLabFact]
    public void Net_dm_is_reported_chosen_and_its_configuration_put_back()
    {
        using (NetDmClient setup = NetDmClient.Open())
        {
            setup.Configure(NetDmAlertMode.Summary, truncationLength: 77, queueLength: 55);
        }

        SystemReport report = SystemReport.Gather();

        Assert.True(report.NetDm.Registered);
        Assert.Equal(FindingStatus.Ok, report.NetDm.Assess().Status);
        // Auto prefers NetDrop's BPF program where it loads (BTF, root), NET_DM otherwise.
        bool bpf = report.Bpf?.Loads == true;
        Assert.Equal((DropSource?)(bpf ? DropSource.Bpf : DropSource.NetDm), report.DropSource.Source);
        Assert.True(report.DropSource.Opened);
        Assert.StartsWith(bpf ? "NetDrop's BPF program on the skb:kfree_skb tracepoint" : "NET_DM (generic netlink family ", report.DropSource.Explanation);

        // The trial configured packet mode and started monitoring; both are undone.
        using NetDmClient after = NetDmClient.Open();
        Assert.Equal(new NetDmConfig(NetDmAlertMode.Summary, 77, 55), after.GetConfig());
        after.Configure(queueLength: 55);
    }

    [KernelLabFact]
    public void Debians_kernel_config_and_module_are_found()
    {
        SystemReport report = SystemReport.Gather();

        // Debian builds drop_monitor as a module and ships the config in /boot.
        Assert.Equal("m", report.NetDm.ConfigValue);
        Assert.Equal("/boot/config-" + report.Kernel.Release, report.NetDm.ConfigSource);
        Assert.True(report.NetDm.ModulesSupported);
        Assert.Matches(@"^kernel/net/core/drop_monitor\.ko(\.\w+)?$", report.NetDm.ModuleFile);
        Assert.True(File.Exists(Path.Combine("/lib/modules", report.Kernel.Release, report.NetDm.ModuleFile!)));
    }
}
