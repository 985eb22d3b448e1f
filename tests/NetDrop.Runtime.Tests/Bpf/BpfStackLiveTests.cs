using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDrop.Bpf;
using NetDrop.Bpf.Filter;
using NetDrop.Kernel;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Bpf;

/// <summary>--stack on this machine's kernel: each record carries the kernel stack at the drop, symbolized with kallsyms.</summary>
[Collection(nameof(LiveKernelCollection))]
public sealed class BpfStackLiveTests
{
    [LiveKernelFact]
    public void A_udp_drop_carries_the_stack_from_the_tracepoint_down_to_the_system_call()
    {
        using var ns = new NetworkNamespace();
        uint inode = uint.Parse(Command.Run("stat", "-L", "-c", "%i", "/run/netns/" + ns.Name).Trim(), CultureInfo.InvariantCulture);
        KernelSymbols symbols = KernelSymbols.Running!;
        Assert.NotNull(symbols);
        using BpfDropSource source = BpfDropSource.Open(new BpfDropSourceOptions
        {
            StackFrames = 16,
            Filter = new KernelFilter(new KernelNumberTest(KernelFilterField.NamespaceInode, KernelComparison.Equal, [inode])),
        });
        ns.Exec("bash", "-c", "for i in 1 2 3; do echo x > /dev/udp/127.0.0.1/9; done");
        var events = new List<DropEvent>();
        var collector = new BpfDropSource.EventCollector(events, source, symbols);
        source.StopAndDrain(ref collector);

        Assert.Equal(3, events.Count);
        Assert.All(events, drop =>
        {
            IReadOnlyList<string> stack = drop.KernelStack!;
            Assert.InRange(stack.Count, 4, 16);
            Assert.Contains(stack.Take(4), frame => frame.Contains("kfree_skb", System.StringComparison.Ordinal) || frame.StartsWith("sk_skb_reason_drop+", System.StringComparison.Ordinal));
            Assert.Contains(stack, frame => frame.StartsWith("__udp4_lib_rcv+0x", System.StringComparison.Ordinal));
            Assert.DoesNotContain("unknown", stack);
        });
    }

    [LiveKernelFact]
    public void Without_stack_frames_a_record_has_no_stack()
    {
        using var ns = new NetworkNamespace();
        uint inode = uint.Parse(Command.Run("stat", "-L", "-c", "%i", "/run/netns/" + ns.Name).Trim(), CultureInfo.InvariantCulture);
        using BpfDropSource source = BpfDropSource.Open(new BpfDropSourceOptions
        {
            Filter = new KernelFilter(new KernelNumberTest(KernelFilterField.NamespaceInode, KernelComparison.Equal, [inode])),
        });
        ns.Exec("bash", "-c", "echo x > /dev/udp/127.0.0.1/9");
        var events = new List<DropEvent>();
        var collector = new BpfDropSource.EventCollector(events, source, KernelSymbols.Running);
        source.StopAndDrain(ref collector);

        DropEvent drop = Assert.Single(events);
        Assert.Null(drop.KernelStack);
    }
}
