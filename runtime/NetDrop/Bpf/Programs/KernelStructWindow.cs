using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Bpf.Asm;

namespace NetDrop.Bpf;

/// <summary>
/// Members of one kernel struct the drop program reads, copied into an area of its stack with as few
/// bpf_probe_read_kernel calls as the area allows, then loaded from there. Each call costs far more than
/// the bytes it copies (it disables page faults, checks the range and returns), so one call for the 200
/// bytes of sk_buff from dev to data beats ten for its ten members. Members close together share a read of
/// their whole span; a span the area cannot hold is split. Each read starts at an 8-byte boundary of the
/// struct and lands on one of the stack, so every member keeps its alignment there (the verifier
/// requires aligned stack access). A read that faults zeroes its span: those members read as 0.
/// </summary>
public sealed class KernelStructWindow
{
    private readonly List<(int Start, int Length, short Slot)> _reads = new();
    private readonly Dictionary<int, short> _slots = new();

    /// <param name="area">The area's lowest stack offset (negative, a multiple of 8).</param>
    /// <param name="capacity">The area's size in bytes (a multiple of 8).</param>
    /// <param name="members">Offset and size of each member the program reads.</param>
    public KernelStructWindow(short area, int capacity, IEnumerable<(int Offset, int Size)> members)
    {
        if (area >= 0 || area % 8 != 0 || capacity % 8 != 0 || area + capacity > 0)
        {
            throw new ArgumentException($"a stack area at {area} of {capacity} bytes is not 8-aligned below the frame.");
        }

        var sorted = members.GroupBy(m => m.Offset).Select(g => (Offset: g.Key, Size: g.Max(m => m.Size))).OrderBy(m => m.Offset).ToList();
        int used = 0;
        int i = 0;
        while (i < sorted.Count)
        {
            int start = sorted[i].Offset & ~7;
            int end = sorted[i].Offset + sorted[i].Size;
            int j = i + 1;

            // Take the next member into this read while what is left still fits read by read.
            while (j < sorted.Count && Aligned(Math.Max(end, sorted[j].Offset + sorted[j].Size) - start) + Reserve(sorted, j + 1) <= capacity - used)
            {
                end = Math.Max(end, sorted[j].Offset + sorted[j].Size);
                j++;
            }

            int length = Aligned(end - start);
            if (length + Reserve(sorted, j) > capacity - used)
            {
                throw new ArgumentException($"the members read need more than the {capacity} bytes of stack given.");
            }

            short slot = (short)(area + used);
            _reads.Add((start, length, slot));
            for (int k = i; k < j; k++)
            {
                _slots[sorted[k].Offset] = (short)(slot + sorted[k].Offset - start);
            }

            used += length;
            i = j;
        }
    }

    /// <summary>How many bpf_probe_read_kernel calls <see cref="EmitRead"/> makes.</summary>
    public int ReadCount => _reads.Count;

    /// <summary>Reads the members from the struct at <paramref name="source"/> (a register helper calls keep: R6–R9). Clobbers R0–R5.</summary>
    public void EmitRead(Assembler asm, Register source)
    {
        if (source is Register.R1 or Register.R2 or Register.R3)
        {
            throw new ArgumentException("the struct's address must be in a register the call's arguments leave alone.", nameof(source));
        }

        foreach ((int start, int length, short slot) in _reads)
        {
            asm.Move64(Register.R1, Register.R10)
                .Add64(Register.R1, slot)
                .Move64(Register.R2, length)
                .Move64(Register.R3, source)
                .Add64(Register.R3, start)
                .Call(BpfHelper.ProbeReadKernel);
        }
    }

    /// <summary>
    /// Zeroes the window's stack, for a program that reads it on a path the verifier cannot tell from one
    /// where <see cref="EmitRead"/> did not run (kernels before 6.5 refuse reads of stack never written).
    /// </summary>
    public void EmitZero(Assembler asm)
    {
        foreach ((_, int length, short slot) in _reads)
        {
            for (int done = 0; done < length; done += 8)
            {
                asm.StoreImmediate(MemorySize.DoubleWord, Register.R10, (short)(slot + done), 0);
            }
        }
    }

    /// <summary>The stack offset where the member at <paramref name="offset"/> is after <see cref="EmitRead"/>.</summary>
    public short Slot(int offset) => _slots.TryGetValue(offset, out short slot)
        ? slot
        : throw new ArgumentException($"the member at offset {offset} is not in this window.", nameof(offset));

    /// <summary>Loads the member at <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public Assembler Load(Assembler asm, MemorySize size, Register destination, int offset) =>
        asm.Load(size, destination, Register.R10, Slot(offset));

    /// <summary>Copies the member at <paramref name="offset"/> to <paramref name="target"/> + <paramref name="targetOffset"/>, through R1.</summary>
    public Assembler Copy(Assembler asm, MemorySize size, int offset, Register target, short targetOffset) =>
        Load(asm, size, Register.R1, offset).Store(size, target, targetOffset, Register.R1);

    /// <summary>
    /// Copies <paramref name="length"/> bytes from the member at <paramref name="offset"/> on, in loads as wide as
    /// the member's alignment allows (its stack copy has the same), through R1.
    /// </summary>
    public Assembler CopyBytes(Assembler asm, int offset, int length, Register target, short targetOffset)
    {
        short slot = Slot(offset);
        (MemorySize size, int width) = (offset & 7) == 0 ? (MemorySize.DoubleWord, 8)
            : (offset & 3) == 0 ? (MemorySize.Word, 4)
            : (offset & 1) == 0 ? (MemorySize.Half, 2)
            : (MemorySize.Byte, 1);
        if (length % width != 0)
        {
            throw new ArgumentException($"{length} bytes are not a whole number of {width}-byte copies.", nameof(length));
        }

        for (int done = 0; done < length; done += width)
        {
            asm.Load(size, Register.R1, Register.R10, (short)(slot + done))
                .Store(size, target, (short)(targetOffset + done), Register.R1);
        }

        return asm;
    }

    private static int Aligned(int length) => (length + 7) & ~7;

    /// <summary>The stack the members from <paramref name="from"/> on need at worst, each read alone.</summary>
    private static int Reserve(List<(int Offset, int Size)> members, int from)
    {
        int total = 0;
        for (int k = from; k < members.Count; k++)
        {
            total += Aligned((members[k].Offset & 7) + members[k].Size);
        }

        return total;
    }
}
