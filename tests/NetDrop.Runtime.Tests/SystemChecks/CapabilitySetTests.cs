using System;
using NetDrop.SystemChecks;

namespace NetDrop.Tests.Diagnostics;

/// <summary>The effective capabilities read from /proc/PID/status text, and what doctor says about them.</summary>
public sealed class CapabilitySetTests
{
    private const string RootStatus = """
        Name:	netdrop
        Umask:	0022
        State:	R (running)
        CapInh:	0000000000000000
        CapPrm:	000001fffeffffff
        CapEff:	000001fffeffffff
        CapBnd:	000001fffeffffff
        CapAmb:	0000000000000000
        NoNewPrivs:	0
        """;

    [Fact]
    public void Root_holds_every_capability_netdrop_uses()
    {
        CapabilitySet set = CapabilitySet.Parse(RootStatus);

        Assert.Equal(0x000001fffeffffffUL, set.Effective);
        Assert.Equal("000001fffeffffff", set.Mask);
        Assert.Equal(["CAP_NET_ADMIN", "CAP_SYS_ADMIN", "CAP_NET_RAW", "CAP_BPF", "CAP_PERFMON"], set.Held);
        Assert.Empty(set.Lacking);
        Finding finding = set.Assess();
        Assert.Equal(FindingStatus.Ok, finding.Status);
        Assert.Null(finding.Remedy);
        Assert.Contains("CapEff 000001fffeffffff", finding.Summary);
    }

    [Fact]
    public void Only_net_raw_is_a_warning_naming_what_the_other_two_add()
    {
        // Bit 13 only, as `setcap cap_net_raw+ep` gives a capture tool.
        CapabilitySet set = CapabilitySet.Parse(RootStatus.Replace("CapEff:\t000001fffeffffff", "CapEff:\t0000000000002000"));

        Assert.True(set.Has(Capability.NetRaw));
        Assert.False(set.Has(Capability.NetAdmin));
        Assert.Equal(["CAP_NET_RAW"], set.Held);
        Finding finding = set.Assess();
        Assert.Equal(FindingStatus.Warning, finding.Status);
        Assert.Equal("run as root for CAP_NET_ADMIN (configuring and starting NET_DM); CAP_SYS_ADMIN (receiving NET_DM alerts on newer kernels and mounting tracefs)", finding.Remedy);
    }

    [Fact]
    public void No_capabilities_is_missing_and_lists_all_three()
    {
        Finding finding = CapabilitySet.Parse("Name:\tx\nCapEff:\t0000000000000000\n").Assess();

        Assert.Equal(FindingStatus.Missing, finding.Status);
        Assert.StartsWith("effective: none of CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_NET_RAW, CAP_BPF, CAP_PERFMON", finding.Summary);
        Assert.Contains("CAP_NET_RAW (AF_PACKET sockets", finding.Remedy);
    }

    [Theory]
    [InlineData("Name:\tx\nCapPrm:\t0000000000000000\n", "the process status has no CapEff line")]
    [InlineData("CapEff:\tzz00\n", "the CapEff line of the process status is not a hexadecimal mask: 'CapEff:\tzz00'")]
    [InlineData("", "the process status has no CapEff line")]
    public void A_status_without_a_readable_mask_is_a_clear_error(string status, string message)
    {
        var error = Assert.Throws<FormatException>(() => CapabilitySet.Parse(status));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void This_threads_set_matches_its_status_file()
    {
        CapabilitySet set = CapabilitySet.Read();

        Assert.Equal(CapabilitySet.Parse(System.IO.File.ReadAllText("/proc/thread-self/status")), set);
    }
}
