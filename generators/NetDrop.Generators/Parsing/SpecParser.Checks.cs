using System;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

// checks: the limits the kernel's policy puts on an attribute, which the writers check before sending.
internal sealed partial class SpecParser
{
    /// <summary>
    /// An attribute's checks: min or max as the kernel's ynl_gen_c.py reads them: a number, a const of
    /// the spec, or a type's limit (u32-max, s16-min). Null when absent or not a number it can resolve.
    /// </summary>
    private long? CheckLimit(YamlMappingNode attribute, string key)
    {
        if (Find(attribute, "checks") is not YamlMappingNode checks || Find(checks, key) is not YamlScalarNode { Value: { } text })
        {
            return null;
        }

        if (TryParseInt(text, out long value))
        {
            return value;
        }

        if (_definitionNodes.TryGetValue(text, out YamlMappingNode? definition) && OptionalString(definition, "type") == "const"
            && Find(definition, "value") is YamlScalarNode { Value: { } constText } && TryParseInt(constText, out long constValue))
        {
            return constValue;
        }

        return TypeLimit(text);
    }

    /// <summary>u32-max → 4294967295, s8-min → -128; null for anything else (and for u64-max, past a long).</summary>
    private static long? TypeLimit(string name)
    {
        if (name.Length < 6 || (name[0] != 'u' && name[0] != 's') || !(name.EndsWith("-max", StringComparison.Ordinal) || name.EndsWith("-min", StringComparison.Ordinal))
            || !int.TryParse(name.Substring(1, name.Length - 5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int width)
            || width is not (8 or 16 or 32 or 64))
        {
            return null;
        }

        bool signed = name[0] == 's';
        bool isMin = name.EndsWith("-min", StringComparison.Ordinal);
        if (!signed)
        {
            return isMin ? 0 : width == 64 ? null : (1L << width) - 1;
        }

        long max = width == 64 ? long.MaxValue : (1L << (width - 1)) - 1;
        return isMin ? -max - 1 : max;
    }
}
