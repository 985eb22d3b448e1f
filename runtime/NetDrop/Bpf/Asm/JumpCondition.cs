namespace NetDrop.Bpf.Asm;

/// <summary>BPF_JEQ … BPF_JSLE: the comparison in bits 4-7 of a JMP or JMP32 opcode (unsigned unless it says Signed).</summary>
public enum JumpCondition : byte
{
    Equal = 0x10,
    Greater = 0x20,
    GreaterOrEqual = 0x30,
    AnyBitSet = 0x40,
    NotEqual = 0x50,
    SignedGreater = 0x60,
    SignedGreaterOrEqual = 0x70,
    Less = 0xa0,
    LessOrEqual = 0xb0,
    SignedLess = 0xc0,
    SignedLessOrEqual = 0xd0,
}
