using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetDrop.SpecSync.Kernel;

namespace NetDrop.SpecSync.Specs;

/// <summary>The few pieces of YAML sync writes, in the style the specs are written in.</summary>
internal static class YamlText
{
    /// <summary><c>kernels: { "6.1": 2, "6.18": 2 }</c>'s value: versions in order, quoted so 6.10 stays 6.10.</summary>
    public static string KernelMap(SortedDictionary<KernelVersion, long> kernels)
    {
        var builder = new StringBuilder("{ ");
        bool first = true;
        foreach (KeyValuePair<KernelVersion, long> entry in kernels)
        {
            builder.Append(first ? string.Empty : ", ").Append('"').Append(entry.Key.ToString()).Append("\": ").Append(entry.Value.ToString(CultureInfo.InvariantCulture));
            first = false;
        }

        return builder.Append(" }").ToString();
    }

    /// <summary>A root <c>kernels: [ "6.1", "6.18" ]</c> value.</summary>
    public static string KernelList(SortedSet<KernelVersion> kernels)
    {
        var parts = new List<string>();
        foreach (KernelVersion version in kernels)
        {
            parts.Add("\"" + version + "\"");
        }

        return parts.Count == 0 ? "[]" : "[ " + string.Join(", ", parts) + " ]";
    }

    /// <summary>Reads a <c>kernels</c> map back; null when the entry has none.</summary>
    public static SortedDictionary<KernelVersion, long> ReadKernelMap(YamlOutline? node, string path, Func<int, int> lineOf)
    {
        var map = new SortedDictionary<KernelVersion, long>();
        if (node is null)
        {
            return map;
        }

        if (node is not YamlMappingOutline mapping)
        {
            throw new SpecFormatException(path, lineOf(node.Start), "kernels must be a mapping from kernel version to the kernel's number, as in { \"6.1\": 2 }");
        }

        foreach ((YamlScalarOutline key, YamlOutline value) in mapping.Entries)
        {
            if (!KernelVersion.TryParse(key.Value, out KernelVersion version) || value is not YamlScalarOutline number
                || !long.TryParse(number.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
            {
                throw new SpecFormatException(path, lineOf(key.Start), $"kernels entry '{key.Value}' must be a kernel version (\"6.1\") with an integer");
            }

            map[version] = parsed;
        }

        return map;
    }

    /// <summary>A <c>key: value</c> scalar: plain when YAML reads it back unchanged, else a literal block.</summary>
    public static string Scalar(string key, string value, string indent)
    {
        if (!value.Contains('\n') && IsPlainSafe(value))
        {
            return indent + key + ": " + value + "\n";
        }

        var builder = new StringBuilder(indent).Append(key).Append(": |\n");
        foreach (string line in value.Split('\n'))
        {
            builder.Append(line.Length == 0 ? string.Empty : indent + "  " + line).Append('\n');
        }

        return builder.ToString();
    }

    private static bool IsPlainSafe(string value) =>
        value.Length > 0
        && char.IsLetterOrDigit(value[0])
        && value == value.Trim()
        && !value.Contains(": ", StringComparison.Ordinal)
        && !value.Contains(" #", StringComparison.Ordinal)
        && !value.EndsWith(':')
        && value.IndexOfAny(new[] { '"', '\'', '`', '{', '}', '[', ']', '\t' }) < 0;

    /// <summary>1-based line of an offset.</summary>
    public static int Line(string text, int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
