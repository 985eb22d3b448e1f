using System;
using System.Text;
using NetDrop.SpecSync.Headers;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// Preprocessed kernel header text (what gcc -E -CC -dD prints, line markers included) through the
/// reader behind specs sync: its tokenizer, constant expressions, enums and doc comments. Bad text must
/// be a <see cref="HeaderFormatException"/> naming a file and a line, never another exception.
/// </summary>
internal sealed class KernelHeaderTarget : FuzzTarget
{
    public override string Name => "header";

    public override string Description => "preprocessed kernel headers (specs sync's C reader: tokens, #define, enums, constant expressions, doc comments); UTF-8 text";

    public override void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        try
        {
            CHeader header = CHeader.Parse("fuzz.h", text);
            foreach (CEnum found in header.Enums)
            {
                Invariants.That(found.Line >= 0, $"enum {found.Name} at line {found.Line}");
                foreach (CEnumerator enumerator in found.Enumerators)
                {
                    Invariants.That(!string.IsNullOrEmpty(enumerator.Name), $"an unnamed enumerator in {found.Name}");
                }
            }
        }
        catch (HeaderFormatException e)
        {
            Invariants.That(e.Line >= 0 && !string.IsNullOrEmpty(e.File), $"an error without a place: {e.Message}");
        }
    }
}
