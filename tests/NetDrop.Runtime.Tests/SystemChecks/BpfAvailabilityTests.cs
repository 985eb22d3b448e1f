using NetDrop.SystemChecks;

namespace NetDrop.Tests.Diagnostics;

/// <summary>The doctor's BPF row: each state says what was found and what NetDrop does instead.</summary>
[Collection(nameof(NetDrop.Tests.LiveKernel.LiveKernelCollection))]
public class BpfAvailabilityTests
{
    private const string Btf = "/sys/kernel/btf/vmlinux";

    [Fact]
    public void A_program_that_loads_is_ok()
    {
        Finding finding = new BpfAvailability(Btf, true, null, true, null).Assess();
        Assert.Equal(new Finding("BPF", FindingStatus.Ok, "NetDrop's program loads and attaches to skb:kfree_skb (struct offsets from /sys/kernel/btf/vmlinux)"), finding);
    }

    [Fact]
    public void No_btf_is_missing_with_the_fallback()
    {
        Finding finding = new BpfAvailability(Btf, false, null, null, null).Assess();
        Assert.Equal(FindingStatus.Missing, finding.Status);
        Assert.Equal("/sys/kernel/btf/vmlinux does not exist: the kernel was built without CONFIG_DEBUG_INFO_BTF", finding.Summary);
        Assert.EndsWith("NetDrop falls back to NET_DM or the skb:kfree_skb tracepoint", finding.Remedy);
    }

    [Fact]
    public void Missing_rights_are_a_warning_that_names_them()
    {
        Finding finding = new BpfAvailability(Btf, true, "it needs CAP_BPF (or root): run as root or grant them (setcap cap_bpf,cap_perfmon+ep)", null, null).Assess();
        Assert.Equal(FindingStatus.Warning, finding.Status);
        Assert.Equal("not tried: it needs CAP_BPF (or root): run as root or grant them (setcap cap_bpf,cap_perfmon+ep)", finding.Summary);
    }

    [Fact]
    public void A_refusal_is_missing_and_quotes_the_kernel()
    {
        Finding finding = new BpfAvailability(Btf, true, null, false, "the kernel's verifier rejected the BPF program nd_kfree_skb (EACCES): R7 invalid mem access 'scalar'").Assess();
        Assert.Equal(FindingStatus.Missing, finding.Status);
        Assert.Contains("R7 invalid mem access 'scalar'", finding.Summary);
        Assert.Equal("NetDrop falls back to NET_DM or the skb:kfree_skb tracepoint", finding.Remedy);
    }

    [NetDrop.Tests.LiveKernel.LiveKernelFact]
    public void On_this_machine_as_root_the_program_loads()
    {
        BpfAvailability bpf = BpfAvailability.Probe(NetDrop.Tracing.Tracefs.Locate());
        Assert.True(bpf.Loads, bpf.Problem);
        Assert.Equal(FindingStatus.Ok, bpf.Assess().Status);
    }
}
