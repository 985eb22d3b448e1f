namespace NetDrop.Bpf.Asm;

/// <summary>BPF_ADD … BPF_ARSH: the operation in bits 4-7 of an ALU or ALU64 opcode.</summary>
public enum AluOperation : byte
{
    Add = 0x00,
    Subtract = 0x10,
    Multiply = 0x20,
    Divide = 0x30,
    Or = 0x40,
    And = 0x50,
    ShiftLeft = 0x60,
    ShiftRight = 0x70,
    Negate = 0x80,
    Modulo = 0x90,
    Xor = 0xa0,
    Move = 0xb0,
    ShiftRightArithmetic = 0xc0,
}
