using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>
/// Kernel name ↔ enum lookups for a drop-reason catalogue. The runtime meets reasons as names
/// (NET_DM sends a string; tracefs prints a number→name table), so the lookup by UTF-8 bytes
/// allocates nothing: it switches on the length and compares bytes.
/// </summary>
/// <param name="Since">Only the reasons a synced kernel has.</param>
/// <param name="ByLength">The reasons grouped by the length of their kernel name, shortest first.</param>
internal sealed record CatalogView(
    string Type,
    string Count,
    CatalogArm[] Names,
    CatalogArm[] Descriptions,
    CatalogArm[] Since,
    SubsystemSwitchView? Subsystems,
    NameLengthGroup[] ByLength)
{
    public static CatalogView From(SpecModel spec, EnumModel model)
    {
        var names = new List<CatalogArm>();
        var descriptions = new List<CatalogArm>();
        var since = new List<CatalogArm>();
        var byLength = new SortedDictionary<int, List<CatalogArm>>();
        foreach (EnumEntryModel entry in model.Entries)
        {
            string kernelName = Naming.KernelName(entry.SpecName);
            var name = new CatalogArm(entry.MemberName, Naming.Literal(kernelName));
            names.Add(name);
            descriptions.Add(new CatalogArm(entry.MemberName, Naming.Literal(entry.Doc ?? string.Empty)));
            if (entry.Since is not null)
            {
                since.Add(new CatalogArm(entry.MemberName, Naming.Literal(entry.Since)));
            }

            if (!byLength.TryGetValue(kernelName.Length, out List<CatalogArm>? group))
            {
                byLength[kernelName.Length] = group = new List<CatalogArm>();
            }

            group.Add(name);
        }

        var lengths = new List<NameLengthGroup>();
        foreach (KeyValuePair<int, List<CatalogArm>> group in byLength)
        {
            lengths.Add(new NameLengthGroup(Invariant(group.Key), group.Value.ToArray()));
        }

        return new CatalogView(
            model.TypeName,
            Invariant(model.Entries.Count),
            names.ToArray(),
            descriptions.ToArray(),
            since.ToArray(),
            SubsystemSwitchView.From(spec, model),
            lengths.ToArray());
    }
}

/// <summary>One arm of a switch over the catalogue: the member and what it maps to (a C# literal).</summary>
internal sealed record CatalogArm(string MemberName, string Literal);

internal sealed record NameLengthGroup(string Length, CatalogArm[] Entries);

/// <summary>The subsystem switch: one arm per subsystem but the first, which takes the default arm so the switch stays short.</summary>
/// <param name="Arms">Pattern (Type.A or Type.B) and subsystem member.</param>
internal sealed record SubsystemSwitchView(string Type, SubsystemArm[] Arms, string Fallback)
{
    public static SubsystemSwitchView? From(SpecModel spec, EnumModel model)
    {
        EnumModel? subsystems = null;
        foreach (EnumModel candidate in spec.Enums)
        {
            if (candidate.SpecName == model.SubsystemEnum)
            {
                subsystems = candidate;
            }
        }

        if (subsystems is null)
        {
            return null;
        }

        var bySubsystem = new Dictionary<string, List<string>>();
        foreach (EnumEntryModel entry in model.Entries)
        {
            string key = entry.Subsystem ?? string.Empty;
            if (!bySubsystem.TryGetValue(key, out List<string>? list))
            {
                bySubsystem[key] = list = new List<string>();
            }

            list.Add($"{model.TypeName}.{entry.MemberName}");
        }

        string? fallback = null;
        var arms = new List<SubsystemArm>();
        foreach (EnumEntryModel subsystem in subsystems.Entries)
        {
            if (!bySubsystem.TryGetValue(subsystem.SpecName, out List<string>? members))
            {
                continue;
            }

            if (fallback is null)
            {
                fallback = subsystem.MemberName;
                continue;
            }

            arms.Add(new SubsystemArm(string.Join(" or ", members), subsystem.MemberName));
        }

        return new SubsystemSwitchView(subsystems.TypeName, arms.ToArray(), fallback ?? subsystems.Entries[0].MemberName);
    }
}

internal sealed record SubsystemArm(string Pattern, string MemberName);
