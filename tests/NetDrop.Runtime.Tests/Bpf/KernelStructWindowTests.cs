using System;
using System.Buffers.Binary;
using System.Linq;
using NetDrop.Bpf;
using NetDrop.Bpf.Asm;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// How the drop program groups a struct's members into bpf_probe_read_kernel calls: one call for
/// members close together, every member at its own alignment in the stack, a split where the area is
/// too small, and a refusal where even separate reads do not fit. The instructions are read back.
/// </summary>
public sealed class KernelStructWindowTests
{
    // bpf_probe_read_kernel's helper number (uapi/linux/bpf.h).
    private const int ProbeReadKernel = 113;

    [Fact]
    public void Members_of_6_18s_sk_buff_are_read_in_one_call_of_their_whole_span()
    {
        // dev, sk, len, data_len, mark, skb_iif, mac_header, network_header, head, data on 6.18.
        var window = new KernelStructWindow(-512, 208, [(16, 8), (24, 8), (112, 4), (116, 4), (164, 4), (144, 4), (182, 2), (180, 2), (200, 8), (208, 8)]);

        (int start, int length, short slot) = Assert.Single(Reads(window));

        Assert.Equal((16, 200, (short)-512), (start, length, slot));
        Assert.Equal(-512, window.Slot(16));
        Assert.Equal(-512 + 164 - 16, window.Slot(164));
        Assert.Equal(-512 + 208 - 16, window.Slot(208));
    }

    [Fact]
    public void A_span_the_area_cannot_hold_is_split_and_every_member_keeps_its_alignment()
    {
        // 6.1's net_device: name first, ifindex and nd_net far apart.
        var window = new KernelStructWindow(-304, 80, [(0, 16), (260, 4), (1188, 8)]);

        var reads = Reads(window);

        Assert.Equal(3, reads.Count);
        Assert.Equal([(0, 16), (256, 8), (1184, 16)], reads.Select(r => (r.Start, r.Length)));
        Assert.All(reads, r => Assert.Equal(0, r.Slot % 8));
        Assert.Equal(4, (window.Slot(260) - reads[1].Slot) % 8);
        Assert.Equal(0, (window.Slot(1188) - reads[2].Slot) % 4);
        Assert.True(reads.Zip(reads.Skip(1)).All(p => p.First.Slot + p.First.Length <= p.Second.Slot), "reads overlap in the stack");
        Assert.True(reads[^1].Slot + reads[^1].Length <= -304 + 80, "a read is past the area");
    }

    [Fact]
    public void Members_that_fit_only_read_alone_are_not_grouped_into_a_span_that_leaves_no_room()
    {
        // Grouping the first two (40 bytes) would leave nothing for the third: they are read apart.
        var window = new KernelStructWindow(-40, 40, [(0, 8), (32, 8), (4096, 8)]);

        Assert.Equal([(0, 8), (32, 8), (4096, 8)], Reads(window).Select(r => (r.Start, r.Length)));
    }

    [Fact]
    public void Members_that_do_not_fit_even_apart_are_refused_and_a_member_not_in_the_window_has_no_slot()
    {
        Assert.Throws<ArgumentException>(() => new KernelStructWindow(-16, 16, [(0, 8), (64, 8), (128, 8)]));
        Assert.Throws<ArgumentException>(() => new KernelStructWindow(-12, 8, [(0, 8)]));

        var window = new KernelStructWindow(-16, 16, [(0, 8)]);
        Assert.Throws<ArgumentException>(() => window.Slot(8));
    }

    [Fact]
    public void Bytes_are_copied_in_the_widest_loads_the_members_alignment_allows()
    {
        var aligned = new KernelStructWindow(-32, 32, [(280, 16)]);
        var asm = new Assembler();
        aligned.CopyBytes(asm, 280, 16, Register.R8, 96);
        Assert.Equal(4, asm.Count);

        var halfAligned = new KernelStructWindow(-32, 32, [(282, 16)]);
        asm = new Assembler();
        halfAligned.CopyBytes(asm, 282, 16, Register.R8, 96);
        Assert.Equal(16, asm.Count);
    }

    /// <summary>The reads EmitRead writes: (struct offset, length, stack slot) from each call's set-up.</summary>
    private static System.Collections.Generic.List<(int Start, int Length, short Slot)> Reads(KernelStructWindow window)
    {
        var asm = new Assembler();
        window.EmitRead(asm, Register.R7);
        byte[] code = asm.Assemble();
        var reads = new System.Collections.Generic.List<(int, int, short)>();

        // Each call: r1 = r10; r1 += slot; r2 = length; r3 = r7; r3 += start; call.
        for (int i = 0; i + 48 <= code.Length; i += 48)
        {
            Assert.Equal(ProbeReadKernel, Immediate(code, i + 40));
            reads.Add((Immediate(code, i + 32), Immediate(code, i + 16), (short)Immediate(code, i + 8)));
        }

        Assert.Equal(window.ReadCount, reads.Count);
        return reads;
    }

    private static int Immediate(byte[] code, int instruction) => BinaryPrimitives.ReadInt32LittleEndian(code.AsSpan(instruction + 4));
}
