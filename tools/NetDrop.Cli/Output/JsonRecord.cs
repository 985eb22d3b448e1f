using System;
using System.Globalization;
using System.Text.Json;

namespace NetDrop.Cli.Output;

/// <summary>
/// The fields every JSON Lines record of every command starts with (docs/json.md): its type, the schema
/// version, and its time both as ISO 8601 and as nanoseconds in a string (19 digits are past what a
/// double holds exactly, and jq 1.6 reads numbers as doubles).
/// </summary>
internal static class JsonRecord
{
    /// <summary>The version of docs/json.md the records follow; raised when a field changes meaning or type.</summary>
    public const int Schema = 1;

    public static void WriteHeader(Utf8JsonWriter writer, string type, long? unixNanoseconds)
    {
        writer.WriteString("type", type);
        writer.WriteNumber("schema", Schema);
        if (unixNanoseconds is { } time)
        {
            writer.WriteString("time", TimeText.Iso(time));
            Span<char> digits = stackalloc char[20];
            time.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
            writer.WriteString("time_ns", digits[..written]);
        }
    }

    /// <summary>Now, in nanoseconds since 1970, for records about the run rather than a packet.</summary>
    public static long Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
