using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.SystemChecks;
using NetDrop.Netlink.Generic;

namespace NetDrop.Tests.Diagnostics;

/// <summary>Why NET_DM is or is not there, and what doctor says to do, from a kernel config with and without it.</summary>
public sealed class NetDmAvailabilityTests
{
    private static readonly GenericNetlinkFamily NetDm = new("NET_DM", 27, 2, new Dictionary<string, uint> { ["events"] = 5 });

    private static KernelConfig With(string line) => KernelConfig.Parse("CONFIG_NET=y\n" + line + "\n", "/boot/config-test");

    [Fact]
    public void A_registered_family_is_ok_whatever_the_config_says()
    {
        NetDmAvailability netDm = NetDmAvailability.From(NetDm, With("CONFIG_NET_DROP_MONITOR=m"), true, "kernel/net/core/drop_monitor.ko", null);

        Finding finding = netDm.Assess();
        Assert.True(netDm.Registered);
        Assert.False(netDm.Loadable);
        Assert.Equal((ushort)27, netDm.FamilyId);
        Assert.Equal(FindingStatus.Ok, finding.Status);
        Assert.Equal("registered: generic netlink family 27, version 2", finding.Summary);
        Assert.Null(finding.Remedy);
    }

    [Fact]
    public void An_installed_module_not_yet_loaded_is_a_warning_with_modprobe()
    {
        NetDmAvailability netDm = NetDmAvailability.From(null, With("CONFIG_NET_DROP_MONITOR=m"), true, "kernel/net/core/drop_monitor.ko.xz", null);

        Finding finding = netDm.Assess();
        Assert.True(netDm.Loadable);
        Assert.Equal("m", netDm.ConfigValue);
        Assert.Equal(FindingStatus.Warning, finding.Status);
        Assert.Equal("not loaded: CONFIG_NET_DROP_MONITOR=m in /boot/config-test, module kernel/net/core/drop_monitor.ko.xz", finding.Summary);
        Assert.Equal("NetDrop loads it when it opens NET_DM as root (DropMonitor.Open); or load it now: modprobe drop_monitor", finding.Remedy);
    }

    [Fact]
    public void A_module_config_without_the_module_file_says_to_install_it()
    {
        Finding finding = NetDmAvailability.From(null, With("CONFIG_NET_DROP_MONITOR=m"), true, null, null).Assess();

        Assert.Equal(FindingStatus.Missing, finding.Status);
        Assert.Equal("not registered: CONFIG_NET_DROP_MONITOR=m in /boot/config-test, but no drop_monitor module is installed for this kernel", finding.Summary);
        Assert.StartsWith("install this kernel's modules package, then modprobe drop_monitor; until then NetDrop reads the skb:kfree_skb tracepoint", finding.Remedy);
    }

    [Fact]
    public void A_kernel_built_without_it_says_which_option_and_the_fallback()
    {
        NetDmAvailability netDm = NetDmAvailability.From(null, With("# CONFIG_NET_DROP_MONITOR is not set"), false, null, null);

        Finding finding = netDm.Assess();
        Assert.Equal("not set", netDm.ConfigValue);
        Assert.False(netDm.Loadable);
        Assert.Equal(FindingStatus.Missing, finding.Status);
        Assert.Equal("not registered: CONFIG_NET_DROP_MONITOR is not set in /boot/config-test, and the kernel cannot load modules", finding.Summary);
        Assert.Equal("use a kernel built with CONFIG_NET_DROP_MONITOR=y or =m; until then NetDrop reads the skb:kfree_skb tracepoint, which gives reasons and locations but not the packets' bytes", finding.Remedy);
    }

    [Fact]
    public void Built_in_but_unregistered_points_at_the_boot_log()
    {
        Finding finding = NetDmAvailability.From(null, With("CONFIG_NET_DROP_MONITOR=y"), true, null, null).Assess();

        Assert.Equal(FindingStatus.Missing, finding.Status);
        Assert.StartsWith("the drop monitor failed to register at boot: look for drop_monitor in dmesg", finding.Remedy);
    }

    [Fact]
    public void Without_a_config_file_it_says_so_and_suggests_modprobe_where_modules_load()
    {
        NetDmAvailability netDm = NetDmAvailability.From(null, null, true, null, "kernel options: /proc/config.gz does not exist");

        Finding finding = netDm.Assess();
        Assert.Null(netDm.ConfigValue);
        Assert.Null(netDm.ConfigSource);
        Assert.Equal("not registered: CONFIG_NET_DROP_MONITOR is unknown (kernel options: /proc/config.gz does not exist), no drop_monitor module is loaded", finding.Summary);
        Assert.StartsWith("try modprobe drop_monitor, or use a kernel built with", finding.Remedy);
    }

    [Fact]
    public void An_unknown_config_with_an_installed_module_is_loadable()
    {
        NetDmAvailability netDm = NetDmAvailability.From(null, null, true, "kernel/net/core/drop_monitor.ko.zst", "kernel options: none");

        Assert.True(netDm.Loadable);
        Assert.Equal(FindingStatus.Warning, netDm.Assess().Status);
    }

    [Fact]
    public void The_module_is_found_in_modules_dep_whatever_its_compression()
    {
        string dep = Path.GetTempFileName();
        try
        {
            File.WriteAllText(dep, """
                kernel/net/core/pktgen.ko.xz:
                kernel/net/core/drop_monitor_extra.ko.xz:
                kernel/net/core/drop_monitor.ko.xz: kernel/net/devlink/devlink.ko.xz
                kernel/drivers/net/veth.ko.xz:
                """);
            Assert.Equal("kernel/net/core/drop_monitor.ko.xz", NetDmAvailability.FindModule(dep));

            File.WriteAllText(dep, "kernel/drivers/net/veth.ko:\n");
            Assert.Null(NetDmAvailability.FindModule(dep));
        }
        finally
        {
            File.Delete(dep);
        }

        Assert.Null(NetDmAvailability.FindModule(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"), "modules.dep")));
    }
}
