using System.Linq;
using System.Text.Json;
using NetDrop.Cli.Doctor;
using NetDrop.SystemChecks;
using NetDrop.Interop;

namespace NetDrop.Tests.Diagnostics;

/// <summary>A report built from fake findings: one finding per topic, in order, and its JSON form.</summary>
public sealed class SystemReportTests
{
    private static readonly NetDmAvailability NoNetDm =
        NetDmAvailability.From(null, KernelConfig.Parse("# CONFIG_NET_DROP_MONITOR is not set\n", "/proc/config.gz"), false, null, null);

    private static readonly TracefsAvailability Mounted = new("/sys/kernel/tracing", true);

    private static SystemReport Report(CapabilitySet capabilities, TpacketSupport tpacket, DropSourceChoice source, DropReasonCoverage? reasons) => new(
        new KernelRelease("6.18.44-test", "#1 SMP", "x86_64"),
        capabilities,
        NoNetDm,
        Mounted,
        new KfreeSkbAvailability("/sys/kernel/tracing/events/skb/kfree_skb/format", reasons is null ? null : true, reasons is null ? null : true, reasons is null ? "cannot read it" : null),
        reasons,
        tpacket,
        source);

    [Fact]
    public void Every_topic_has_one_finding_and_only_ok_ones_lack_a_remedy()
    {
        SystemReport report = Report(
            new CapabilitySet(0),
            new TpacketSupport([], "socket(AF_PACKET, SOCK_RAW) failed: EPERM (Operation not permitted)", Errno.EPERM),
            new DropSourceChoice(null, "none can be opened: no drop source can be used here", true),
            null);

        Assert.Equal(["kernel", "privileges", "NET_DM", "tracefs", "skb:kfree_skb", "drop reasons", "TPACKET", "drop source"], report.Findings.Select(f => f.Topic));
        Assert.All(report.Findings, f => Assert.Equal(f.Status == FindingStatus.Ok, f.Remedy is null));
        Assert.Equal(
            [FindingStatus.Ok, FindingStatus.Missing, FindingStatus.Missing, FindingStatus.Ok, FindingStatus.Warning, FindingStatus.Warning, FindingStatus.Warning, FindingStatus.Missing],
            report.Findings.Select(f => f.Status));
        Assert.Equal("run as root (CAP_NET_RAW) to open AF_PACKET sockets", report.Findings[6].Remedy);
        Assert.Equal("run as root: both sources need privileges", report.Findings[7].Remedy);
    }

    [Fact]
    public void The_json_is_snake_case_with_enums_as_strings()
    {
        SystemReport report = Report(
            new CapabilitySet(1UL << 13),
            new TpacketSupport([new TpacketVersionCheck("TPACKET_V1", true), new TpacketVersionCheck("TPACKET_V2", true), new TpacketVersionCheck("TPACKET_V3", false, "setsockopt(PACKET_VERSION) failed: EINVAL (Invalid argument)")]),
            new DropSourceChoice(DropSource.NetDm, "NET_DM (generic netlink family 27, version 2) in packet mode, 128 bytes per packet", true),
            DropReasonCoverage.From(new System.Collections.Generic.Dictionary<long, string> { [2] = "NOT_SPECIFIED", [3] = "NETDROP_TEST_NEW_REASON" }));

        using JsonDocument json = JsonDocument.Parse(JsonSerializer.Serialize(report, DoctorJsonContext.Default.SystemReport));
        JsonElement root = json.RootElement;

        Assert.Equal("6.18.44-test", root.GetProperty("kernel").GetProperty("release").GetString());
        Assert.Equal("0000000000002000", root.GetProperty("capabilities").GetProperty("mask").GetString());
        Assert.Equal(["CAP_NET_RAW"], root.GetProperty("capabilities").GetProperty("held").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("not set", root.GetProperty("net_dm").GetProperty("config_value").GetString());
        Assert.False(root.GetProperty("net_dm").GetProperty("registered").GetBoolean());
        Assert.Equal(["NETDROP_TEST_NEW_REASON"], root.GetProperty("drop_reasons").GetProperty("kernel_only").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.GetProperty("tpacket").GetProperty("versions")[2].GetProperty("usable").GetBoolean());
        Assert.Equal("net_dm", root.GetProperty("drop_source").GetProperty("source").GetString());
        Assert.Equal(
            ["ok", "warning", "missing", "ok", "ok", "warning", "warning", "ok"],
            root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("status").GetString()));
        Assert.Equal("TPACKET", root.GetProperty("findings")[6].GetProperty("topic").GetString());
        Assert.Equal("TPACKET_V1, TPACKET_V2 usable", root.GetProperty("findings")[6].GetProperty("summary").GetString());
    }

    [Fact]
    public void A_loadable_module_or_an_unmounted_tracefs_is_inferred_without_opening_anything()
    {
        NetDmAvailability loadable = NetDmAvailability.From(null, KernelConfig.Parse("CONFIG_NET_DROP_MONITOR=m\n", "c"), true, "kernel/net/core/drop_monitor.ko", null);

        DropSourceChoice viaModule = DropSourceChoice.Probe(loadable, Mounted);
        DropSourceChoice viaMount = DropSourceChoice.Probe(NoNetDm, new TracefsAvailability(null, true));
        DropSourceChoice none = DropSourceChoice.Probe(NoNetDm, new TracefsAvailability(null, false));

        Assert.Equal((DropSource?)DropSource.NetDm, viaModule.Source);
        Assert.False(viaModule.Opened);
        Assert.Contains("not opened here, so that the module stays unloaded", viaModule.Explanation);
        Assert.Equal((DropSource?)DropSource.Tracepoint, viaMount.Source);
        Assert.False(viaMount.Opened);
        Assert.Contains("after NetDrop mounts tracefs at /sys/kernel/tracing as root", viaMount.Explanation);
        Assert.Null(none.Source);
        Assert.Equal(FindingStatus.Warning, viaModule.Assess(new CapabilitySet(0)).Status);
        Assert.Equal(FindingStatus.Missing, none.Assess(new CapabilitySet(ulong.MaxValue)).Status);
        Assert.Equal("see the NET_DM, tracefs and skb:kfree_skb findings above", none.Assess(new CapabilitySet(ulong.MaxValue)).Remedy);
    }

    [Theory]
    [InlineData(Errno.EAFNOSUPPORT, FindingStatus.Missing, "use a kernel built with CONFIG_PACKET")]
    [InlineData(Errno.EPERM, FindingStatus.Warning, "run as root (CAP_NET_RAW) to open AF_PACKET sockets")]
    public void A_socket_that_cannot_be_opened_says_why(Errno errno, FindingStatus status, string remedy)
    {
        Finding finding = new TpacketSupport([], "socket(AF_PACKET, SOCK_RAW) failed", errno).Assess();

        Assert.Equal(status, finding.Status);
        Assert.Equal(remedy, finding.Remedy);
    }
}
