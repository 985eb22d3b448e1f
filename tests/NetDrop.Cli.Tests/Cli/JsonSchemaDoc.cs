using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NetDrop.Tests.Cli;

/// <summary>
/// docs/json.md read as the schema it is: each "### type: NAME" heading and its table of field, JSON type
/// and presence. <see cref="Problems"/> checks one object against it.
/// </summary>
internal sealed partial class JsonSchemaDoc
{
    private readonly Dictionary<string, (bool Open, Dictionary<string, (string Type, bool Always)> Fields)> _types;

    private JsonSchemaDoc(Dictionary<string, (bool, Dictionary<string, (string, bool)>)> types) => _types = types;

    public IReadOnlyCollection<string> Types => _types.Keys;

    public static JsonSchemaDoc Load()
    {
        string path = Path.Combine(RepositoryRoot(), "docs", "json.md");
        var types = new Dictionary<string, (bool, Dictionary<string, (string, bool)>)>(StringComparer.Ordinal);
        Dictionary<string, (string, bool)>? current = null;
        foreach (string line in File.ReadAllLines(path))
        {
            Match heading = Heading().Match(line);
            if (heading.Success)
            {
                current = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
                types[heading.Groups["name"].Value] = (heading.Groups["open"].Success, current);
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = null;
            }

            Match row = Row().Match(line);
            if (current is not null && row.Success)
            {
                current[row.Groups["field"].Value] = (row.Groups["type"].Value, row.Groups["presence"].Value == "always");
            }
        }

        return new JsonSchemaDoc(types);
    }

    /// <summary>What in <paramref name="record"/> disagrees with the doc; empty when nothing does.</summary>
    public List<string> Problems(JsonElement record)
    {
        var problems = new List<string>();
        if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
        {
            return ["not an object with a string 'type': " + record.GetRawText()];
        }

        if (!_types.TryGetValue(type.GetString()!, out var schema))
        {
            return [$"type '{type.GetString()}' is not in docs/json.md"];
        }

        foreach (JsonProperty property in record.EnumerateObject())
        {
            if (!schema.Fields.TryGetValue(property.Name, out var field))
            {
                if (!schema.Open)
                {
                    problems.Add($"{type.GetString()}.{property.Name} is not in docs/json.md");
                }

                continue;
            }

            string actual = property.Value.ValueKind switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => "integer",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                JsonValueKind.Array => "array",
                JsonValueKind.Object => "object",
                _ => "null",
            };
            if (actual != field.Type || (actual == "integer" && !property.Value.TryGetInt64(out _)))
            {
                problems.Add($"{type.GetString()}.{property.Name} is {actual} ({property.Value.GetRawText()}), docs/json.md says {field.Type}");
            }
        }

        foreach ((string name, (string _, bool always)) in schema.Fields)
        {
            if (always && !record.TryGetProperty(name, out _))
            {
                problems.Add($"{type.GetString()}.{name} is missing; docs/json.md says always");
            }
        }

        if (record.TryGetProperty("schema", out JsonElement version) && version.ValueKind == JsonValueKind.Number && version.GetInt32() != 1)
        {
            problems.Add("schema is " + version.GetRawText() + ", docs/json.md documents 1");
        }

        if (record.TryGetProperty("time_ns", out JsonElement ns) && (ns.ValueKind != JsonValueKind.String || !ns.GetString()!.All(char.IsAsciiDigit)))
        {
            problems.Add("time_ns is not a string of digits: " + ns.GetRawText());
        }

        return problems;
    }

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "docs", "json.md")) && Directory.Exists(Path.Combine(directory.FullName, "tools")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("no repository root above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^### type: (?<name>[a-z_]+)(?<open> \(open\))?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\| `(?<field>[a-z_0-9]+)` \| (?<type>string|integer|boolean|array|object) \| (?<presence>always|optional) \|")]
    private static partial Regex Row();
}
