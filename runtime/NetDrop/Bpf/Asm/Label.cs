namespace NetDrop.Bpf.Asm;

/// <summary>A jump target in an <see cref="Assembler"/>, made by <see cref="Assembler.NewLabel"/> and placed once with <see cref="Assembler.Mark"/>.</summary>
public readonly record struct Label(int Id);
