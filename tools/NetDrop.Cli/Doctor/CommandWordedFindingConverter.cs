using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NetDrop.SystemChecks;

namespace NetDrop.Cli.Doctor;

/// <summary>
/// Writes a finding as the record serializes (topic, status, summary, remedy) with its summary and
/// remedy in the command's words (<see cref="CommandAdvice"/>). The report is output only.
/// </summary>
internal sealed class CommandWordedFindingConverter : JsonConverter<Finding>
{
    public override Finding Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("netdrop doctor writes reports; it does not read them");

    public override void Write(Utf8JsonWriter writer, Finding value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("topic", value.Topic);
        writer.WriteString("status", JsonNamingPolicy.SnakeCaseLower.ConvertName(value.Status.ToString()));
        writer.WriteString("summary", CommandAdvice.Word(value.Summary));
        if (value.Remedy is null)
        {
            writer.WriteNull("remedy");
        }
        else
        {
            writer.WriteString("remedy", CommandAdvice.Word(value.Remedy));
        }

        writer.WriteEndObject();
    }
}
