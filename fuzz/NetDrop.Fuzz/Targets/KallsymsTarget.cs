using System;
using System.IO;
using System.Text;
using NetDrop.Kernel;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// kallsyms tables (`netdrop read --kallsyms FILE`) through <see cref="KernelSymbols.Parse"/>: it may only
/// throw <see cref="InvalidDataException"/> (a table past its limits), keeps at most
/// <see cref="KernelSymbols.MaxSymbols"/> symbols, none from a line longer than
/// <see cref="KernelSymbols.MaxLineLength"/>, and resolves any address without throwing.
/// </summary>
internal sealed class KallsymsTarget : FuzzTarget
{
    private static readonly ulong[] Addresses = [0, 0xffffffff890bcae2, 0xffffffffc05ea54f, ulong.MaxValue];

    public override string Name => "kallsyms";

    public override string Description => "kallsyms tables (KernelSymbols, read --kallsyms); UTF-8 text";

    public override void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        KernelSymbols symbols;
        int skipped;
        try
        {
            symbols = KernelSymbols.Parse(new StringReader(text), out skipped);
        }
        catch (InvalidDataException e)
        {
            Invariants.That(e.Message.Length > 0, "an empty error");
            return;
        }

        Invariants.That(symbols.Count <= KernelSymbols.MaxSymbols && skipped >= 0, $"{symbols.Count} symbols, {skipped} skipped");
        foreach (ulong address in Addresses)
        {
            if (symbols.Format(address) is { } name)
            {
                Invariants.That(name.Length <= KernelSymbols.MaxLineLength + 40, $"a {name.Length}-character name from lines of at most {KernelSymbols.MaxLineLength}");
            }
        }
    }
}
