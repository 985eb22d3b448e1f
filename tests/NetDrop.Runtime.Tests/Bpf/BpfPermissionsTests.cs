using System;
using NetDrop.Bpf;

namespace NetDrop.Tests.Bpf;

/// <summary>What an EPERM from bpf(2) is put down to, from /proc/self/status and the lockdown file.</summary>
public sealed class BpfPermissionsTests
{
    private const string NoCapabilities = "Name:\tnetdrop\nCapEff:\t0000000000000000\n";
    private const string OnlyBpf = "CapEff:\t0000008000000000\n";
    private const string BpfAndPerfmon = "CapEff:\t000000c000000000\n";
    private const string SysAdmin = "CapEff:\t0000000000200000\n";

    [Theory]
    [InlineData(NoCapabilities, "it needs CAP_BPF and CAP_PERFMON (or root)")]
    [InlineData(OnlyBpf, "it needs CAP_PERFMON (or root)")]
    [InlineData(BpfAndPerfmon, "a security module")]
    [InlineData(SysAdmin, "a security module")]
    public void Missing_capabilities_are_named(string status, string expected)
    {
        Assert.Contains(expected, BpfPermissions.Explain(status, "[none] integrity confidentiality\n"));
    }

    [Fact]
    public void Confidentiality_lockdown_is_named_before_capabilities()
    {
        Assert.Contains("locked down (confidentiality", BpfPermissions.Explain(BpfAndPerfmon, "none integrity [confidentiality]\n"));
        Assert.Contains("lockdown integrity", BpfPermissions.Explain(BpfAndPerfmon, "none [integrity] confidentiality\n"));
    }

    [Theory]
    [InlineData("0", 1)]
    [InlineData("0-1\n", 2)]
    [InlineData("0,2-5", 6)]
    public void Possible_cpu_lists_are_read(string list, int count)
    {
        Assert.Equal(count, PossibleCpus.Parse(list));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0-x")]
    [InlineData("0-99999999")]
    public void Damaged_cpu_lists_are_refused(string list)
    {
        Assert.Throws<FormatException>(() => PossibleCpus.Parse(list));
    }
}
