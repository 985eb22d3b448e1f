using System.Collections.Generic;
using NetDrop.Generators.Model;
using NetDrop.Ynl;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

// enum-as-flags: an attribute whose value is a bitmask of an enum's entries (devlink's reload
// actions, conntrack's status), each entry standing for the bit 1 << its value, as pyynl reads it.
internal sealed partial class SpecParser
{
    private readonly Dictionary<string, EnumModel> _flagsOfEnums = new(System.StringComparer.Ordinal);
    private readonly List<EnumModel> _flagsEnumOrder = new();

    /// <summary>YNL's booleans as pyyaml reads them (nl80211 writes enum-as-flags: True).</summary>
    private bool LenientBool(YamlMappingNode node, string key) =>
        OptionalString(node, key) is "true" or "True" or "TRUE";

    /// <summary>
    /// The [Flags] type of <paramref name="source"/>'s entries as bits: made once per enum, named for
    /// it (DevlinkReloadAction → DevlinkReloadActionFlags). Null, with ND0013, when an entry's bit
    /// does not fit 64 bits: the attribute is then read as its integer.
    /// </summary>
    private string? FlagsOfEnum(EnumModel source, YamlNode at)
    {
        if (_flagsOfEnums.TryGetValue(source.SpecName, out EnumModel? done))
        {
            return done.TypeName;
        }

        var entries = new List<EnumEntryModel>();
        long highest = 0;
        foreach (EnumEntryModel entry in source.Entries)
        {
            if (entry.Value is < 0 or > 63)
            {
                ReportNotUsed(at, $"Enum '{source.SpecName}' as flags: its entry '{entry.SpecName}' is bit {entry.Value}, past 64 bits, so the attribute is read as its integer");
                return null;
            }

            highest = System.Math.Max(highest, entry.Value);
            entries.Add(entry with { Value = unchecked((long)(1UL << (int)entry.Value)) });
        }

        string typeName = source.TypeName + (source.TypeName.EndsWith("Flags", System.StringComparison.Ordinal) ? "Mask" : "Flags");
        var model = new EnumModel
        {
            SpecName = source.SpecName + "-as-flags",
            TypeName = typeName,
            IsFlags = true,
            BitsOf = source.TypeName,
            UnderlyingType = highest < 32 ? "uint" : "ulong",
            Doc = Join(source.Doc, $"The entries of {source.TypeName} as bits, for attributes that hold several (enum-as-flags)."),
            Entries = entries.ToEquatableArray(),
        };
        _flagsOfEnums[source.SpecName] = model;
        _flagsEnumOrder.Add(model);
        return typeName;
    }

    private static string Join(string? doc, string note) => string.IsNullOrEmpty(doc) ? note : doc + "\n" + note;
}
