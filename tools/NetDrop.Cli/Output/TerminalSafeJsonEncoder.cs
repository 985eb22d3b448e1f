using System;
using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace NetDrop.Cli.Output;

/// <summary>
/// The JSON encoder of every --json output: UnsafeRelaxedJsonEscaping (non-ASCII and '+' stay readable,
/// "__udp4_lib_rcv+0x4bc" is not written "\u002B"), and in addition every character
/// <see cref="TerminalText"/> escapes as \uXXXX. The relaxed encoder lets the bidirectional overrides
/// and isolates through raw, and JSON Lines end up in terminals (jq, less, tail -f) as often as in files.
/// </summary>
internal sealed class TerminalSafeJsonEncoder : JavaScriptEncoder
{
    public static readonly TerminalSafeJsonEncoder Instance = new();

    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    // Printable ASCII, which TerminalText never escapes. (SearchValues rather than IndexOfAnyExceptInRange,
    // whose generic comparison boxes each char until the JIT optimises it.)
    private static readonly SearchValues<char> PrintableAscii = SearchValues.Create(Printable());
    private static readonly SearchValues<byte> PrintableAsciiUtf8 = SearchValues.Create(Encoding.ASCII.GetBytes(Printable()));

    private TerminalSafeJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => Math.Max(6, Relaxed.MaxOutputCharactersPerInputCharacter);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        int relaxed = Relaxed.FindFirstCharacterToEncode(text, textLength);
        int end = relaxed < 0 ? textLength : relaxed;
        int start = new ReadOnlySpan<char>(text, end).IndexOfAnyExcept(PrintableAscii);
        if (start < 0)
        {
            return relaxed;
        }

        for (int i = start; i < end; i++)
        {
            if (TerminalText.IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return relaxed;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        int relaxed = Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text);
        ReadOnlySpan<byte> clean = relaxed < 0 ? utf8Text : utf8Text[..relaxed];

        // Printable ASCII is never unsafe, and kernel names are nearly always all of it: one vectorised
        // search finds the first byte that needs the slow look (DEL, or a multi-byte character).
        int offset = clean.IndexOfAnyExcept(PrintableAsciiUtf8);
        if (offset < 0)
        {
            return relaxed;
        }

        while (offset < clean.Length)
        {
            // The relaxed encoder stops at invalid UTF-8, so what it passed decodes.
            Rune.DecodeFromUtf8(clean[offset..], out Rune rune, out int consumed);
            if (rune.IsBmp && TerminalText.IsUnsafe((char)rune.Value))
            {
                return offset;
            }

            offset += consumed;
        }

        return relaxed;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (unicodeScalar > char.MaxValue || !TerminalText.IsUnsafe((char)unicodeScalar))
        {
            return Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        }

        if (bufferLength < 6)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        const string Hex = "0123456789ABCDEF";
        buffer[0] = '\\';
        buffer[1] = 'u';
        buffer[2] = Hex[(unicodeScalar >> 12) & 0xf];
        buffer[3] = Hex[(unicodeScalar >> 8) & 0xf];
        buffer[4] = Hex[(unicodeScalar >> 4) & 0xf];
        buffer[5] = Hex[unicodeScalar & 0xf];
        numberOfCharactersWritten = 6;
        return true;
    }

    private static string Printable()
    {
        var chars = new char[0x7f - 0x20];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(0x20 + i);
        }

        return new string(chars);
    }

    public override bool WillEncode(int unicodeScalar) =>
        (unicodeScalar <= char.MaxValue && TerminalText.IsUnsafe((char)unicodeScalar)) || Relaxed.WillEncode(unicodeScalar);
}
