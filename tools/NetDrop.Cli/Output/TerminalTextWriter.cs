using System;
using System.IO;
using System.Text;

namespace NetDrop.Cli.Output;

/// <summary>
/// A writer that passes everything through <see cref="TerminalText"/>: for a command whose messages quote
/// files and the kernel line by line. The only raw line ends are the ones WriteLine adds, so a quoted
/// string can neither start a line of its own nor send the terminal a control sequence.
/// </summary>
internal sealed class TerminalTextWriter : TextWriter
{
    private readonly TextWriter _inner;

    public TerminalTextWriter(TextWriter inner) => _inner = inner;

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value) => TerminalText.Write(_inner, [value]);

    public override void Write(string? value) => TerminalText.Write(_inner, value);

    public override void Write(ReadOnlySpan<char> buffer) => TerminalText.Write(_inner, buffer);

    public override void Write(char[] buffer, int index, int count) => TerminalText.Write(_inner, buffer.AsSpan(index, count));

    public override void WriteLine() => _inner.WriteLine();

    public override void WriteLine(string? value)
    {
        Write(value);
        _inner.WriteLine();
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        Write(buffer);
        _inner.WriteLine();
    }

    public override void Flush() => _inner.Flush();
}
