using System;
using System.Text;

namespace NetDrop.Generators.Emit;

/// <summary>
/// Builds source text line by line with indentation, in the manner of System.Text.Json's generator:
/// no templates, no string concatenation of whole blocks, newlines always "\n".
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indentation;

    public void WriteLine(string text)
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indentation * 4);
            _builder.Append(text);
        }

        _builder.Append('\n');
    }

    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes a line and a "{" below it, and indents.</summary>
    public void OpenBlock(string text)
    {
        WriteLine(text);
        WriteLine("{");
        _indentation++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indentation--;
        WriteLine("}" + suffix);
    }

    public void Indent() => _indentation++;

    public void Unindent() => _indentation--;

    /// <summary>An XML doc summary, split into lines. The text is XML: spec text goes through <see cref="Xml"/> first.</summary>
    public void WriteSummary(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        WriteLine("/// <summary>");
        foreach (string line in text!.Split('\n'))
        {
            string trimmed = line.TrimEnd();
            WriteLine(trimmed.Length == 0 ? "///" : "/// " + trimmed);
        }

        WriteLine("/// </summary>");
    }

    public override string ToString() => _builder.ToString();

    /// <summary>Escapes plain text (a spec's doc) for an XML doc comment.</summary>
    public static string? Xml(string? text) =>
        text?.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
