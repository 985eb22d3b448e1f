using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.Tracing;

/// <summary>
/// A tracefs event format file (events/skb/kfree_skb/format): the event's id, the offset and size of
/// every field of its binary record, and its print format. Parsed at run time because field offsets
/// move between kernel versions.
/// </summary>
public sealed class TraceEventFormat
{
    private TraceEventFormat(string name, int id, IReadOnlyList<TraceEventField> fields, string printFormat)
    {
        Name = name;
        Id = id;
        Fields = fields;
        PrintFormat = printFormat;
    }

    public string Name { get; }

    /// <summary>The value of common_type in this event's records.</summary>
    public int Id { get; }

    public IReadOnlyList<TraceEventField> Fields { get; }

    /// <summary>The text after "print fmt: ", holding the __print_symbolic tables.</summary>
    public string PrintFormat { get; }

    public TraceEventField? Field(string name)
    {
        foreach (TraceEventField field in Fields)
        {
            if (field.Name == name)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>Parses the format file's text; a file without a name, an ID or fields is a FormatException naming the line.</summary>
    public static TraceEventFormat Parse(string text)
    {
        string? name = null;
        int? id = null;
        string printFormat = string.Empty;
        var fields = new List<TraceEventField>();
        string[] lines = text.Split('\n');
        for (int number = 0; number < lines.Length; number++)
        {
            string line = lines[number].Trim();
            if (line.StartsWith("name:", StringComparison.Ordinal))
            {
                name = line.Substring(5).Trim();
            }
            else if (line.StartsWith("ID:", StringComparison.Ordinal))
            {
                if (!int.TryParse(line.Substring(3).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                {
                    throw new FormatException($"format line {number + 1}: ID is not a number: '{line}'");
                }

                id = value;
            }
            else if (line.StartsWith("field:", StringComparison.Ordinal))
            {
                fields.Add(ParseField(line, number + 1));
            }
            else if (line.StartsWith("print fmt:", StringComparison.Ordinal))
            {
                printFormat = line.Substring("print fmt:".Length).Trim();
            }
        }

        if (name is null || id is null || fields.Count == 0)
        {
            throw new FormatException("not a tracefs event format file: it needs name:, ID: and field: lines");
        }

        return new TraceEventFormat(name, id.Value, fields, printFormat);
    }

    /// <summary>"field:void * skbaddr;	offset:8;	size:8;	signed:0;" (also header_page's "field: u64 timestamp;").</summary>
    internal static TraceEventField ParseField(string line, int number)
    {
        string[] parts = line.Split(';');
        if (parts.Length < 4)
        {
            throw new FormatException($"format line {number}: a field needs declaration, offset, size and signed: '{line}'");
        }

        string declaration = parts[0].Substring("field:".Length).Trim();

        // Arrays are declared "char comm[16]"; the name is the last word without the brackets.
        int bracket = declaration.IndexOf('[');
        string withoutArray = bracket >= 0 ? declaration.Substring(0, bracket) : declaration;
        int space = withoutArray.LastIndexOfAny(new[] { ' ', '*' });
        string fieldName = withoutArray.Substring(space + 1).Trim();
        string type = withoutArray.Substring(0, space + 1).Trim();
        return new TraceEventField(type, fieldName, Number(parts, "offset:", line, number), Number(parts, "size:", line, number), Number(parts, "signed:", line, number) != 0);
    }

    private static int Number(string[] parts, string key, string line, int number)
    {
        foreach (string part in parts)
        {
            string trimmed = part.Trim();
            if (trimmed.StartsWith(key, StringComparison.Ordinal) &&
                int.TryParse(trimmed.Substring(key.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                return value;
            }
        }

        throw new FormatException($"format line {number}: no '{key}' number in '{line}'");
    }
}
