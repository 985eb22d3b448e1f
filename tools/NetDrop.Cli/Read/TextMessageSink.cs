using System;
using System.Globalization;
using System.IO;
using System.Text;
using NetDrop.Cli.Output;

namespace NetDrop.Cli.Read;

/// <summary>One readable line per message: frame, time, direction, family and command, then key=value fields.</summary>
internal sealed class TextMessageSink : IMessageSink
{
    private readonly TextWriter _output;
    private readonly StringBuilder _line = new();
    private int _dropPoints;

    public TextMessageSink(TextWriter output) => _output = output;

    public void BeginMessage(int frame, long timeNanoseconds, bool fromKernel, string family, string command)
    {
        _line.Clear();
        _dropPoints = 0;
        _line.Append(CultureInfo.InvariantCulture, $"{frame,5} ");
        _line.Append(FormatTime(timeNanoseconds, 6));
        _line.Append(fromKernel ? "  kernel→user " : "  user→kernel ");
        TerminalText.Append(_line, family).Append(' ');
        TerminalText.Append(_line, command);
    }

    public void Text(string name, string value) => Append(name, Quote(value));

    public void Text(string name, ReadOnlySpan<byte> utf8) => Append(name, Quote(Encoding.UTF8.GetString(utf8)));

    public void Number(string name, ulong value) => Append(name, value.ToString(CultureInfo.InvariantCulture));

    public void Hex(string name, ulong value, int digits) => Append(name, "0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    public void Flag(string name) => _line.Append(' ').Append(name);

    public void Time(string name, long unixNanoseconds) => Append(name, TimeText.Iso(unixNanoseconds));

    public void Bytes(string name, ReadOnlySpan<byte> data) => Append(name + "_len", data.Length.ToString(CultureInfo.InvariantCulture));

    public void DropPoint(ulong? programCounter, uint count, string? symbol)
    {
        _line.Append(_dropPoints++ == 0 ? " drops:" : ",");
        _line.Append(CultureInfo.InvariantCulture, $" {count} at ");
        if (programCounter is { } pc)
        {
            _line.Append(CultureInfo.InvariantCulture, $"0x{pc:x16}");
            if (symbol is not null)
            {
                TerminalText.Append(_line.Append(" ("), symbol).Append(')');
            }
        }
        else
        {
            TerminalText.Append(_line, symbol ?? NetDrop.Kernel.KernelFunction.Unknown);
        }
    }

    public void Problem(string problem) => _line.Append(" !").Append(Escape(problem));

    public void EndMessage() => _output.WriteLine(_line.ToString());

    // Names can come from the message too (mcast_group_NAME), so they get the same escaping as values.
    private void Append(string name, string value) => _line.Append(' ').Append(Escape(name)).Append('=').Append(value);

    private static string Quote(string value)
    {
        if (value.Length > 0 && value.IndexOfAny(new[] { ' ', '"', '=', '\\' }) < 0 && !TerminalText.NeedsEscaping(value))
        {
            return value;
        }

        return "\"" + Escape(value.Replace("\\", "\\\\").Replace("\"", "\\\"")) + "\"";
    }

    // The strings come from the kernel or from a damaged file: a raw newline would split one message
    // over two lines, and an escape sequence would reach the terminal.
    private static string Escape(string text) => TerminalText.Escape(text);

    /// <summary>UTC wall time with the given number of fraction digits (frame times are microseconds).</summary>
    internal static string FormatTime(long unixNanoseconds, int fractionDigits)
    {
        DateTime time = DateTime.UnixEpoch.AddTicks(unixNanoseconds / 100);
        long fraction = unixNanoseconds % 1_000_000_000;
        string digits = fraction.ToString("D9", CultureInfo.InvariantCulture).Substring(0, fractionDigits);
        return time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "." + digits;
    }
}
