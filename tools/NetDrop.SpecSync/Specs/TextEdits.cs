using System.Collections.Generic;
using System.Text;

namespace NetDrop.SpecSync.Specs;

/// <summary>Replacements of ranges of a spec's text, applied together so earlier offsets stay valid.</summary>
internal sealed class TextEdits
{
    private readonly List<(int Start, int End, int Order, string Text)> _edits = new();

    public int Count => _edits.Count;

    public void Replace(int start, int end, string text) => _edits.Add((start, end, _edits.Count, text));

    public void Insert(int at, string text) => Replace(at, at, text);

    public string ApplyTo(string text)
    {
        // From the end backwards; insertions at the same offset keep the order they were made in.
        _edits.Sort((a, b) => a.Start != b.Start ? b.Start.CompareTo(a.Start) : b.Order.CompareTo(a.Order));
        var builder = new StringBuilder(text);
        foreach ((int start, int end, _, string replacement) in _edits)
        {
            builder.Remove(start, end - start).Insert(start, replacement);
        }

        return builder.ToString();
    }

    /// <summary>The offset just past the end of the line holding <paramref name="offset"/> (after its newline).</summary>
    public static int LineEnd(string text, int offset)
    {
        if (offset > 0 && text[offset - 1] == '\n')
        {
            return offset;
        }

        int newline = text.IndexOf('\n', offset);
        return newline < 0 ? text.Length : newline + 1;
    }
}
