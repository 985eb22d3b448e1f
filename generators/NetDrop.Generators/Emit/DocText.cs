using System;
using System.Collections.Generic;

namespace NetDrop.Generators.Emit;

/// <summary>
/// Spec text made safe for the places it lands in generated C#: XML doc comments, one line each.
/// </summary>
internal static class DocText
{
    /// <summary>
    /// Every sequence C# ends a line (and so a // comment) on. A spec's doc split only on "\n" would
    /// let a CR, NEL or U+2028 end the comment and put the rest of the line into the code.
    /// </summary>
    private static readonly string[] LineTerminators = { "\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029" };

    private static readonly string[] NoLines = Array.Empty<string>();

    /// <summary>
    /// An XML doc summary as lines ("/// &lt;summary&gt;", "/// text", …), or none for empty text. The
    /// text is XML already: spec text goes through <see cref="Xml"/> first.
    /// </summary>
    public static string[] Summary(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            return NoLines;
        }

        var lines = new List<string> { "/// <summary>" };
        foreach (string line in xml!.Split(LineTerminators, StringSplitOptions.None))
        {
            string trimmed = line.TrimEnd();
            lines.Add(trimmed.Length == 0 ? "///" : "/// " + trimmed);
        }

        lines.Add("/// </summary>");
        return lines.ToArray();
    }

    /// <summary>Escapes plain text (a spec's doc) for an XML doc comment.</summary>
    public static string? Xml(string? text) =>
        text?.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Text for a // comment or a one-line doc: any line terminator becomes a space.</summary>
    public static string OneLine(string text) =>
        string.Join(" ", text.Split(LineTerminators, StringSplitOptions.None));

    /// <summary>A doc followed by a generated note on a line of its own; either may be missing.</summary>
    public static string? Join(string? doc, string note) =>
        string.IsNullOrEmpty(doc) ? (note.Length == 0 ? null : note) : note.Length == 0 ? doc : doc + "\n" + note;
}
