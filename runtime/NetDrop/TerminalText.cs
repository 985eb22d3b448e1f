using System;
using System.IO;
using System.Text;

namespace NetDrop;

/// <summary>
/// Text from outside NetDrop (capture files, interface names, kernel and netlink strings, /proc files,
/// specs) made safe to print: every character a terminal or a log viewer acts on becomes a visible
/// escape, so a crafted name cannot retitle the window, clear the screen, write the clipboard (OSC 52),
/// reorder what follows it, or start a new line that looks like NetDrop's own.
/// </summary>
/// <remarks>
/// Escaped: C0 controls (U+0000–U+001F, newline and tab included: NetDrop writes those itself as layout),
/// DEL and the C1 controls (U+007F–U+009F, NEL and the 8-bit CSI U+009B among them) as <c>\xNN</c>; the
/// bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069) and the line and paragraph separators (U+2028, U+2029) as <c>\u{NNNN}</c>. Everything
/// else, backslash included, passes unchanged, so clean text costs a scan and no allocation. The escapes
/// are for reading, not for decoding back: JSON output carries the raw value, JSON-escaped.
/// </remarks>
public static class TerminalText
{
    // "\u{202e}" is the longest escape.
    private const int MaxEscapeLength = 8;

    /// <summary>True when <paramref name="c"/> is printed as an escape.</summary>
    public static bool IsUnsafe(char c) => c switch
    {
        < '\u0020' => true,
        >= '\u007f' and <= '\u009f' => true,
        '\u061c' or '\u200e' or '\u200f' => true,
        >= '\u2028' and <= '\u202e' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };

    /// <summary>True when <paramref name="text"/> holds a character <see cref="IsUnsafe"/> escapes.</summary>
    public static bool NeedsEscaping(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="text"/> with every unsafe character escaped; the same instance when there is none.</summary>
    public static string Escape(string text)
    {
        if (!NeedsEscaping(text))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        Append(escaped, text);
        return escaped.ToString();
    }

    /// <summary>Null as null, anything else escaped.</summary>
    public static string? EscapeOrNull(string? text) => text is null ? null : Escape(text);

    /// <summary>Appends <paramref name="text"/> to <paramref name="builder"/> with every unsafe character escaped.</summary>
    public static StringBuilder Append(StringBuilder builder, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Span<char> escape = stackalloc char[MaxEscapeLength];
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                builder.Append(text[start..i]);
                builder.Append(escape[..Format(text[i], escape)]);
                start = i + 1;
            }
        }

        return builder.Append(text[start..]);
    }

    /// <summary>Writes <paramref name="text"/> with every unsafe character escaped; allocates nothing.</summary>
    public static void Write(TextWriter writer, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> escape = stackalloc char[MaxEscapeLength];
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                writer.Write(text[start..i]);
                writer.Write(escape[..Format(text[i], escape)]);
                start = i + 1;
            }
        }

        writer.Write(text[start..]);
    }

    private static int Format(char c, Span<char> destination)
    {
        const string Hex = "0123456789abcdef";
        destination[0] = '\\';
        if (c <= '\u00ff')
        {
            destination[1] = 'x';
            destination[2] = Hex[c >> 4];
            destination[3] = Hex[c & 0xf];
            return 4;
        }

        destination[1] = 'u';
        destination[2] = '{';
        destination[3] = Hex[(c >> 12) & 0xf];
        destination[4] = Hex[(c >> 8) & 0xf];
        destination[5] = Hex[(c >> 4) & 0xf];
        destination[6] = Hex[c & 0xf];
        destination[7] = '}';
        return 8;
    }
}
