using System.Text.Json;
using System.Text.Json.Serialization;
using NetDrop.SystemChecks;

namespace NetDrop.Cli.Doctor;

/// <summary>
/// netdrop doctor --json: the report's serialization, generated at build time because the command is
/// trimmed. Names are snake_case and enums are strings ("missing", "net_dm"); findings are in the
/// command's words.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(SnakeCaseEnumConverter<FindingStatus>), typeof(SnakeCaseEnumConverter<DropSource>), typeof(CommandWordedFindingConverter)])]
[JsonSerializable(typeof(SystemReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext
{
    /// <summary>An enum written by its member name in snake_case.</summary>
    internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower)
        where TEnum : struct, System.Enum;
}
