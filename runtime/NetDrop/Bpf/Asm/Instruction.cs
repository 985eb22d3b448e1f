using System;
using System.Buffers.Binary;

namespace NetDrop.Bpf.Asm;

/// <summary>
/// One 8-byte eBPF instruction slot (struct bpf_insn): opcode, destination register in the low nibble
/// and source in the high one, a signed 16-bit offset and a signed 32-bit immediate, little-endian.
/// A 64-bit immediate load takes two slots; the second has opcode 0 and carries the high 32 bits.
/// </summary>
public readonly record struct Instruction(byte Opcode, Register Destination, Register Source, short Offset, int Immediate)
{
    public const int Size = 8;

    // Instruction classes (the low three bits of the opcode).
    internal const byte ClassLoad = 0x00;
    internal const byte ClassLoadRegister = 0x01;
    internal const byte ClassStore = 0x02;
    internal const byte ClassStoreRegister = 0x03;
    internal const byte ClassAlu = 0x04;
    internal const byte ClassJump = 0x05;
    internal const byte ClassJump32 = 0x06;
    internal const byte ClassAlu64 = 0x07;

    // Operand source (bit 3 of ALU and JMP opcodes) and memory mode (bits 5-7 of loads and stores).
    internal const byte SourceImmediate = 0x00;
    internal const byte SourceRegister = 0x08;
    internal const byte ModeImmediate = 0x00;
    internal const byte ModeMemory = 0x60;

    internal const byte JumpAlways = 0x00;
    internal const byte JumpCall = 0x80;
    internal const byte JumpExit = 0x90;

    public void Encode(Span<byte> destination)
    {
        destination[0] = Opcode;
        destination[1] = (byte)(((byte)Source << 4) | (byte)Destination);
        BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(2), Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(4), Immediate);
    }
}
