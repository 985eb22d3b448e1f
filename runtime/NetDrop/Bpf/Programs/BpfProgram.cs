using System;
using NetDrop.Interop;

namespace NetDrop.Bpf;

/// <summary>A loaded BPF program, alive while its descriptor (or an attachment) is.</summary>
public sealed class BpfProgram : IDisposable
{
    private BpfProgram(FileDescriptor fd, string name)
    {
        Descriptor = fd;
        Name = name;
    }

    public string Name { get; }

    internal FileDescriptor Descriptor { get; }

    /// <summary>Loads <paramref name="instructions"/> (8 bytes a slot); a rejection is a <see cref="BpfVerifierException"/> with the log.</summary>
    public static BpfProgram Load(BpfProgramType type, byte[] instructions, string name)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        if (instructions.Length == 0 || instructions.Length % Asm.Instruction.Size != 0)
        {
            throw new ArgumentException($"a program is a whole number of 8-byte instructions, not {instructions.Length} bytes.", nameof(instructions));
        }

        return new BpfProgram(BpfSyscall.LoadProgram(type, instructions, name), name);
    }

    public void Dispose() => Descriptor.Dispose();
}
