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

    // The names, encoded once: a name given as a string is transcoded and checked for escaping on every write.
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText SchemaName = JsonEncodedText.Encode("schema");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText TimeNanosecondsName = JsonEncodedText.Encode("time_ns");

    public static void WriteHeader(Utf8JsonWriter writer, string type, long? unixNanoseconds) =>
        WriteHeader(writer, JsonEncodedText.Encode(type), unixNanoseconds);

    /// <summary>As the other overload, with the type encoded once by a writer of many records of one type.</summary>
    public static void WriteHeader(Utf8JsonWriter writer, JsonEncodedText type, long? unixNanoseconds)
    {
        writer.WriteString(TypeName, type);
        writer.WriteNumber(SchemaName, Schema);
        if (unixNanoseconds is { } time)
        {
            Span<char> iso = stackalloc char[TimeText.IsoLength + 8];
            TimeText.TryFormatIso(time, iso, out int isoLength);
            writer.WriteString(TimeName, iso[..isoLength]);
            Span<char> digits = stackalloc char[20];
            time.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
            writer.WriteString(TimeNanosecondsName, digits[..written]);
        }
    }

    /// <summary>Now, in nanoseconds since 1970, for records about the run rather than a packet.</summary>
    public static long Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
