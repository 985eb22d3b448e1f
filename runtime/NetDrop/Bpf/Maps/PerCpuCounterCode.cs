using NetDrop.Bpf.Asm;

namespace NetDrop.Bpf;

/// <summary>
/// The instructions that add one to a counter of a <see cref="PerCpuCounters"/> map from inside a program:
/// the one way NetDrop's programs count what they could not deliver, so every program counts it alike.
/// </summary>
public static class PerCpuCounterCode
{
    /// <summary>
    /// Appends: key 0 into the stack word at <paramref name="keySlot"/> (a negative offset from R10),
    /// look the slot up, and add one to it when the lookup succeeds; then continue at <paramref name="after"/>
    /// (which the caller marks). Clobbers R0–R2.
    /// </summary>
    public static Assembler IncrementFirst(this Assembler asm, int mapFd, short keySlot, Label after) => Increment(asm, mapFd, 0, keySlot, after);

    /// <summary>As <see cref="IncrementFirst"/>, for counter <paramref name="index"/>.</summary>
    public static Assembler Increment(this Assembler asm, int mapFd, int index, short keySlot, Label after) =>
        asm.StoreImmediate(MemorySize.Word, Register.R10, keySlot, index)
            .LoadMapFd(Register.R1, mapFd)
            .Move64(Register.R2, Register.R10)
            .Add64(Register.R2, keySlot)
            .Call(BpfHelper.MapLookupElement)
            .JumpIf(JumpCondition.Equal, Register.R0, 0, after)
            .Load(MemorySize.DoubleWord, Register.R1, Register.R0, 0)
            .Add64(Register.R1, 1)
            .Store(MemorySize.DoubleWord, Register.R0, 0, Register.R1);
}
