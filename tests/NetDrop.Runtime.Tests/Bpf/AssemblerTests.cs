using System;
using NetDrop.Bpf.Asm;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// The instruction builder against known encodings: LLVM's BPF assembler (llvm-mc -triple bpfel
/// -show-encoding) for everything it can spell, the kernel's BPF_ST_MEM and BPF_LD_MAP_FD macros,
/// worked by hand, for the rest.
/// </summary>
public sealed class AssemblerTests
{
    // llvm-mc's encoding of: r0 = 0; exit; r1 = 0x123456789 ll; *(u64 *)(r10 - 8) = r1;
    // r2 = *(u32 *)(r1 + 36); r3 = *(u16 *)(r6 + 32); r4 = *(u8 *)(r7 + 1); r5 = *(u64 *)(r6 + 8);
    // if r0 == 0 goto +2; if r1 != r2 goto -3; if w3 > 100 goto +1; call 131; r1 += r2; r1 += -8;
    // r6 = r1; r1 <<= 48; r1 >>= 48; w1 &= 65535; *(u16 *)(r8 + 2) = r3; *(u8 *)(r8 + 1) = r4; goto +0
    private const string Llvm =
        "b700000000000000" + "9500000000000000" + "1801000089674523" + "0000000001000000" + "7b1af8ff00000000" +
        "6112240000000000" + "6963200000000000" + "7174010000000000" + "7965080000000000" + "1500020000000000" +
        "5d21fdff00000000" + "2603010064000000" + "8500000083000000" + "0f21000000000000" + "07010000f8ffffff" +
        "bf16000000000000" + "6701000030000000" + "7701000030000000" + "54010000ffff0000" + "6b38020000000000" +
        "7348010000000000" + "0500000000000000";

    [Fact]
    public void The_builder_encodes_as_LLVM_does_with_forward_and_backward_jumps_resolved()
    {
        var asm = new Assembler();
        Label back = asm.NewLabel();
        Label call = asm.NewLabel();
        Label add = asm.NewLabel();
        Label end = asm.NewLabel();

        asm.Move64(Register.R0, 0)
            .Exit()
            .LoadImmediate64(Register.R1, 0x123456789)
            .Store(MemorySize.DoubleWord, Register.R10, -8, Register.R1)
            .Load(MemorySize.Word, Register.R2, Register.R1, 36)
            .Load(MemorySize.Half, Register.R3, Register.R6, 32)
            .Load(MemorySize.Byte, Register.R4, Register.R7, 1)
            .Mark(back)
            .Load(MemorySize.DoubleWord, Register.R5, Register.R6, 8)
            .JumpIf(JumpCondition.Equal, Register.R0, 0, call)
            .JumpIf(JumpCondition.NotEqual, Register.R1, Register.R2, back)
            .JumpIf32(JumpCondition.Greater, Register.R3, 100, add)
            .Mark(call)
            .Call(BpfHelper.RingBufferReserve)
            .Mark(add)
            .Add64(Register.R1, Register.R2)
            .Add64(Register.R1, -8)
            .Move64(Register.R6, Register.R1)
            .Alu64(AluOperation.ShiftLeft, Register.R1, 48)
            .Alu64(AluOperation.ShiftRight, Register.R1, 48)
            .Alu32(AluOperation.And, Register.R1, 0xffff)
            .Store(MemorySize.Half, Register.R8, 2, Register.R3)
            .Store(MemorySize.Byte, Register.R8, 1, Register.R4)
            .Jump(end)
            .Mark(end);

        Assert.Equal(Llvm, Convert.ToHexStringLower(asm.Assemble()));
        Assert.Equal(22, asm.Count);
    }

    [Fact]
    public void A_store_of_an_immediate_is_BPF_ST_MEM()
    {
        // BPF_ST_MEM(BPF_W, BPF_REG_8, 4, 7): BPF_ST | BPF_MEM | BPF_W = 0x62, dst 8, off 4, imm 7.
        byte[] program = new Assembler().StoreImmediate(MemorySize.Word, Register.R8, 4, 7).Assemble();

        Assert.Equal("6208040007000000", Convert.ToHexStringLower(program));
    }

    [Fact]
    public void A_map_load_is_BPF_LD_MAP_FD()
    {
        // BPF_LD_MAP_FD(BPF_REG_1, 5): BPF_LD | BPF_DW | BPF_IMM = 0x18, src BPF_PSEUDO_MAP_FD (1), imm 5; an empty second slot.
        byte[] program = new Assembler().LoadMapFd(Register.R1, 5).Assemble();

        Assert.Equal("1811000005000000" + "0000000000000000", Convert.ToHexStringLower(program));
    }

    [Fact]
    public void A_jump_over_a_64_bit_load_counts_both_its_slots()
    {
        var asm = new Assembler();
        Label over = asm.NewLabel();
        asm.JumpIf(JumpCondition.Equal, Register.R0, 0, over).LoadImmediate64(Register.R1, -1).Mark(over).Exit();

        byte[] program = asm.Assemble();

        Assert.Equal(2, BitConverter.ToInt16(program, 2));
    }

    [Fact]
    public void A_label_never_placed_or_placed_twice_is_refused()
    {
        var asm = new Assembler();
        Label nowhere = asm.NewLabel();
        asm.Jump(nowhere);

        Assert.Contains("never placed", Assert.Throws<InvalidOperationException>(() => asm.Assemble()).Message);
        asm.Mark(nowhere);
        Assert.Contains("placed twice", Assert.Throws<InvalidOperationException>(() => asm.Mark(nowhere)).Message);
        Assert.Throws<ArgumentException>(() => asm.Jump(new Label(7)));
    }
}
