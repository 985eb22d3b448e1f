using System;
using System.Collections.Generic;

namespace NetDrop.Bpf.Asm;

/// <summary>
/// Builds an eBPF program one instruction at a time, with labels for jumps that are resolved when the
/// program is assembled (a jump's offset counts slots from the instruction after it, forward or back).
/// The method names follow the kernel's BPF_* macros in their meaning, not their spelling.
/// </summary>
public sealed class Assembler
{
    /// <summary>BPF_PSEUDO_MAP_FD: the source register of a 64-bit load that the kernel turns from a map fd into the map.</summary>
    private const byte PseudoMapFd = 1;

    private readonly List<Instruction> _slots = new();
    private readonly List<(int Slot, Label Target)> _jumps = new();
    private readonly List<int> _marks = new();

    /// <summary>Slots so far (a 64-bit immediate load takes two).</summary>
    public int Count => _slots.Count;

    public Label NewLabel()
    {
        _marks.Add(-1);
        return new Label(_marks.Count - 1);
    }

    /// <summary>Places <paramref name="label"/> at the next instruction.</summary>
    public Assembler Mark(Label label)
    {
        CheckLabel(label);
        if (_marks[label.Id] >= 0)
        {
            throw new InvalidOperationException($"label {label.Id} is placed twice.");
        }

        _marks[label.Id] = _slots.Count;
        return this;
    }

    public Assembler Move64(Register destination, int immediate) => Alu64(AluOperation.Move, destination, immediate);

    public Assembler Move64(Register destination, Register source) => Alu64(AluOperation.Move, destination, source);

    public Assembler Add64(Register destination, int immediate) => Alu64(AluOperation.Add, destination, immediate);

    public Assembler Add64(Register destination, Register source) => Alu64(AluOperation.Add, destination, source);

    public Assembler Alu64(AluOperation operation, Register destination, int immediate) =>
        Emit((byte)(Instruction.ClassAlu64 | Instruction.SourceImmediate | (byte)operation), destination, Register.R0, 0, immediate);

    public Assembler Alu64(AluOperation operation, Register destination, Register source) =>
        Emit((byte)(Instruction.ClassAlu64 | Instruction.SourceRegister | (byte)operation), destination, source, 0, 0);

    /// <summary>A 32-bit operation; the result is zero-extended into the 64-bit register.</summary>
    public Assembler Alu32(AluOperation operation, Register destination, int immediate) =>
        Emit((byte)(Instruction.ClassAlu | Instruction.SourceImmediate | (byte)operation), destination, Register.R0, 0, immediate);

    public Assembler Alu32(AluOperation operation, Register destination, Register source) =>
        Emit((byte)(Instruction.ClassAlu | Instruction.SourceRegister | (byte)operation), destination, source, 0, 0);

    /// <summary>destination = a 64-bit constant (two slots).</summary>
    public Assembler LoadImmediate64(Register destination, long value) => LoadImmediate64(destination, 0, value);

    /// <summary>destination = the map behind <paramref name="mapFd"/>, which the kernel resolves when it loads the program.</summary>
    public Assembler LoadMapFd(Register destination, int mapFd) => LoadImmediate64(destination, PseudoMapFd, (uint)mapFd);

    /// <summary>destination = *(size *)(source + offset).</summary>
    public Assembler Load(MemorySize size, Register destination, Register source, short offset) =>
        Emit((byte)(Instruction.ClassLoadRegister | Instruction.ModeMemory | (byte)size), destination, source, offset, 0);

    /// <summary>*(size *)(destination + offset) = source.</summary>
    public Assembler Store(MemorySize size, Register destination, short offset, Register source) =>
        Emit((byte)(Instruction.ClassStoreRegister | Instruction.ModeMemory | (byte)size), destination, source, offset, 0);

    /// <summary>*(size *)(destination + offset) = immediate.</summary>
    public Assembler StoreImmediate(MemorySize size, Register destination, short offset, int immediate) =>
        Emit((byte)(Instruction.ClassStore | Instruction.ModeMemory | (byte)size), destination, Register.R0, offset, immediate);

    public Assembler Jump(Label target) => EmitJump((byte)(Instruction.ClassJump | Instruction.JumpAlways), Register.R0, Register.R0, 0, target);

    /// <summary>Jumps when the 64-bit comparison of <paramref name="destination"/> with <paramref name="immediate"/> holds.</summary>
    public Assembler JumpIf(JumpCondition condition, Register destination, int immediate, Label target) =>
        EmitJump((byte)(Instruction.ClassJump | Instruction.SourceImmediate | (byte)condition), destination, Register.R0, immediate, target);

    public Assembler JumpIf(JumpCondition condition, Register destination, Register source, Label target) =>
        EmitJump((byte)(Instruction.ClassJump | Instruction.SourceRegister | (byte)condition), destination, source, 0, target);

    /// <summary>Jumps when the comparison of the low 32 bits holds.</summary>
    public Assembler JumpIf32(JumpCondition condition, Register destination, int immediate, Label target) =>
        EmitJump((byte)(Instruction.ClassJump32 | Instruction.SourceImmediate | (byte)condition), destination, Register.R0, immediate, target);

    /// <summary>Calls a kernel helper: arguments in R1-R5, result in R0; R1-R5 are clobbered.</summary>
    public Assembler Call(BpfHelper helper) =>
        Emit((byte)(Instruction.ClassJump | Instruction.JumpCall), Register.R0, Register.R0, 0, (int)helper);

    /// <summary>Returns R0.</summary>
    public Assembler Exit() => Emit((byte)(Instruction.ClassJump | Instruction.JumpExit), Register.R0, Register.R0, 0, 0);

    /// <summary>The program as the kernel takes it: 8 bytes a slot, every jump resolved.</summary>
    public byte[] Assemble()
    {
        var slots = _slots.ToArray();
        foreach ((int slot, Label target) in _jumps)
        {
            int place = _marks[target.Id];
            if (place < 0)
            {
                throw new InvalidOperationException($"label {target.Id} is jumped to from slot {slot} but never placed.");
            }

            int offset = place - (slot + 1);
            if (offset is < short.MinValue or > short.MaxValue)
            {
                throw new InvalidOperationException($"the jump at slot {slot} is {offset} slots long; a jump reaches ±32767.");
            }

            slots[slot] = slots[slot] with { Offset = (short)offset };
        }

        byte[] program = new byte[slots.Length * Instruction.Size];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i].Encode(program.AsSpan(i * Instruction.Size));
        }

        return program;
    }

    private Assembler LoadImmediate64(Register destination, byte source, long value)
    {
        // BPF_LD | BPF_DW | BPF_IMM; the second slot holds the high half.
        Emit((byte)(Instruction.ClassLoad | (byte)MemorySize.DoubleWord | Instruction.ModeImmediate), destination, (Register)source, 0, (int)(value & 0xffffffff));
        return Emit(0, Register.R0, Register.R0, 0, (int)(value >> 32));
    }

    private Assembler EmitJump(byte opcode, Register destination, Register source, int immediate, Label target)
    {
        CheckLabel(target);
        _jumps.Add((_slots.Count, target));
        return Emit(opcode, destination, source, 0, immediate);
    }

    private Assembler Emit(byte opcode, Register destination, Register source, short offset, int immediate)
    {
        if (destination > Register.R10 || source > Register.R10)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), "eBPF has registers R0 to R10.");
        }

        _slots.Add(new Instruction(opcode, destination, source, offset, immediate));
        return this;
    }

    private void CheckLabel(Label label)
    {
        if ((uint)label.Id >= (uint)_marks.Count)
        {
            throw new ArgumentException($"label {label.Id} was not made by this assembler.", nameof(label));
        }
    }
}
