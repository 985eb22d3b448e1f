using System;
using NetDrop.Bpf;
using NetDrop.Bpf.Asm;
using NetDrop.Interop;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// Maps, programs and the tracepoint attachment against this machine's kernel: a counting program
/// on skb:kfree_skb sees exactly the drops a sender of the test's own causes, a rejected program
/// carries the verifier's log, a caller without the capabilities is told which are missing, and the
/// program is gone from the kernel once its descriptors are closed.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class BpfSyscallLiveTests
{
    private const int Count = 41;

    [LiveKernelFact]
    public void A_counting_program_on_kfree_skb_counts_exactly_the_sender_s_drops()
    {
        using var ns = new NetworkNamespace();
        using var sender = new DropSender(ns, "127.0.0.1", 9, Count);
        using PerCpuCounters counters = PerCpuCounters.Create("nd_test_count", 1);
        using BpfProgram program = BpfProgram.Load(BpfProgramType.Tracepoint, CountDropsOf(sender.Pid, counters.Fd), "nd_test_count");
        using (TracepointAttachment.Attach(program, "skb/kfree_skb"))
        {
            Assert.Equal(0UL, counters.Sum(0));
            sender.Go();
        }

        Assert.Equal((ulong)Count, counters.Sum(0));
    }

    [LiveKernelFact]
    public void A_program_the_verifier_rejects_carries_its_log()
    {
        // "exit" with R0 never written: the verifier says R0 !read_ok.
        byte[] program = new Assembler().Exit().Assemble();

        var error = Assert.Throws<BpfVerifierException>(() => BpfProgram.Load(BpfProgramType.Tracepoint, program, "nd_test_bad"));

        Assert.Contains("R0 !read_ok", error.Log);
        Assert.Contains("R0 !read_ok", error.Message);
        Assert.Equal(Errno.EACCES, error.Errno);
    }

    [LiveKernelFact]
    public void Without_CAP_BPF_and_CAP_PERFMON_the_error_names_both()
    {
        int[] capabilities = { BpfPermissions.CapSysAdmin, BpfPermissions.CapPerfmon, BpfPermissions.CapBpf };

        Exception? error = ThreadCapabilities.RunWithout(capabilities, () => Record.Exception(() => PerCpuCounters.Create("nd_test_eperm", 1).Dispose()));

        var refused = Assert.IsType<BpfException>(error);
        Assert.Equal(Errno.EPERM, refused.Errno);
        Assert.Contains("it needs CAP_BPF and CAP_PERFMON (or root)", refused.Message);
    }

    [LiveKernelFact]
    public void A_tracepoint_the_kernel_lacks_is_named()
    {
        using BpfProgram program = BpfProgram.Load(BpfProgramType.Tracepoint, new Assembler().Move64(Register.R0, 0).Exit().Assemble(), "nd_test_noent");

        var error = Assert.Throws<BpfException>(() => TracepointAttachment.Attach(program, "skb/no_such_event_bpf"));

        Assert.Contains("this kernel has no skb/no_such_event_bpf tracepoint", error.Message);
    }

    [LiveKernelFact]
    public void The_program_is_gone_from_the_kernel_once_its_descriptors_are_closed()
    {
        BpfProgram program = BpfProgram.Load(BpfProgramType.Tracepoint, new Assembler().Move64(Register.R0, 0).Exit().Assemble(), "nd_test_gone");
        TracepointAttachment attachment = TracepointAttachment.Attach(program, "skb/kfree_skb");
        uint id = BpfObjects.ProgramId(program.Descriptor.Value);
        Assert.True(BpfObjects.ProgramExists(id));

        // The attachment holds the program: closing the program's own descriptor first leaves it loaded.
        program.Dispose();
        Assert.True(BpfObjects.ProgramExists(id));
        attachment.Dispose();

        Assert.True(BpfObjects.ProgramGoneWithin(id, TimeSpan.FromSeconds(5)), $"program {id} is still loaded 5 s after its descriptors closed");
    }

    /// <summary>if (bpf_get_current_pid_tgid() >> 32 == pid) counters[0]++ ; return 0.</summary>
    private static byte[] CountDropsOf(int pid, int mapFd)
    {
        var asm = new Assembler();
        Label done = asm.NewLabel();
        asm.Call(BpfHelper.GetCurrentPidTgid)
            .Alu64(AluOperation.ShiftRight, Register.R0, 32)
            .JumpIf(JumpCondition.NotEqual, Register.R0, pid, done)
            .IncrementFirst(mapFd, -4, done)
            .Mark(done)
            .Move64(Register.R0, 0)
            .Exit();
        return asm.Assemble();
    }
}
