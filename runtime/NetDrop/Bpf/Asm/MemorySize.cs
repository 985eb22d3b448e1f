namespace NetDrop.Bpf.Asm;

/// <summary>The width of a load or store: BPF_W, BPF_H, BPF_B, BPF_DW (bits 3-4 of the opcode).</summary>
public enum MemorySize : byte
{
    Word = 0x00,
    Half = 0x08,
    Byte = 0x10,
    DoubleWord = 0x18,
}
