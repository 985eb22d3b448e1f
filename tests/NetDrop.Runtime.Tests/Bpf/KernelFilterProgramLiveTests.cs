using System;
using System.IO;
using NetDrop.Bpf;
using NetDrop.Bpf.Btf;
using NetDrop.Bpf.Filter;
using NetDrop.Tests.LiveKernel;
using NetDrop.Tracing;

namespace NetDrop.Tests.Bpf;

/// <summary>The verifier of this machine's kernel accepts the drop program with a filter of every shape, at every snap length class, with and without a kernel stack.</summary>
[Collection(nameof(LiveKernelCollection))]
public sealed class KernelFilterProgramLiveTests
{
    [LiveKernelFact]
    public void The_verifier_accepts_the_program_with_every_filter_shape()
    {
        KernelOffsets offsets = KernelOffsets.From(BtfTypes.LoadKernel());
        KfreeSkbLayout layout = KfreeSkbLayout.From(TraceEventFormat.Parse(File.ReadAllText(KfreeSkbFormat.PathUnder(Tracefs.Locate()))));
        using BpfRingBuffer ring = BpfRingBuffer.Create("nd_test_fring", 4096);
        using PerCpuCounters counters = PerCpuCounters.Create("nd_test_fcount", KfreeSkbProgram.CounterCount);
        int loaded = 0;
        foreach ((string name, KernelFilter filter) in KernelFilterShapes.All())
        {
            foreach ((int snap, int frames) in new[] { (0, 0), (13, 1), (BpfDropRecordLayout.DefaultSnapLength, 32), (BpfDropRecordLayout.MaxSnapLength, BpfDropRecordLayout.MaxStackFrames) })
            {
                byte[] code = KfreeSkbProgram.Build(offsets, layout, ring.Fd, counters.Fd, snap, filter, frames);
                try
                {
                    using BpfProgram program = BpfProgram.Load(BpfProgramType.Tracepoint, code, "nd_test_filter");
                    loaded++;
                }
                catch (BpfVerifierException e)
                {
                    Assert.Fail($"the verifier rejected the filter '{name}' at snap length {snap}: {e.Message}\n{e.Log}");
                }
            }
        }

        Assert.True(loaded > 100, $"only {loaded} programs loaded");
    }
}
