using System.Buffers;
using System.IO;
using System.Text.Json;

namespace NetDrop.Cli.Output;

/// <summary>
/// The JSON writer of every --json output (one object per line, JSON Lines; doctor's one indented
/// object): always with <see cref="TerminalSafeJsonEncoder"/>, so no output escapes it.
/// </summary>
internal static class JsonLines
{
    public static Utf8JsonWriter Create(Stream output, bool indented = false) =>
        new(output, new JsonWriterOptions { Indented = indented, Encoder = TerminalSafeJsonEncoder.Instance });

    /// <summary>A writer into <paramref name="output"/>, for records gathered and written out in batches.</summary>
    public static Utf8JsonWriter Create(IBufferWriter<byte> output) =>
        new(output, new JsonWriterOptions { Encoder = TerminalSafeJsonEncoder.Instance });

    /// <summary>As the Stream overload, into a buffer: nothing is written out until the caller does.</summary>
    public static void EndLine(Utf8JsonWriter writer, IBufferWriter<byte> output)
    {
        writer.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
        writer.Reset();
    }

    /// <summary>Ends the object just written with a newline; the writer is reset, or it would refuse a second top-level value.</summary>
    public static void EndLine(Utf8JsonWriter writer, Stream output)
    {
        writer.Flush();
        output.WriteByte((byte)'\n');
        writer.Reset();
    }
}
