using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetDrop.SpecSync.Kernel;
using NetDrop.Ynl;

namespace NetDrop.SpecSync.Specs;

/// <summary>
/// Brings the drop-reason catalogue (the enum marked <c>drop-reason-catalog: true</c>) up to date with
/// one kernel's reasons. Each entry's <c>kernels</c> map records the number every synced kernel gives
/// it; new reasons are appended (the C# value is the position, so nothing is ever inserted, removed or
/// reordered), and a reason this kernel lacks stays, its map saying where it exists.
/// </summary>
internal static class DropReasonSync
{
    private sealed record Entry(YamlMappingOutline Node, string Name, SortedDictionary<KernelVersion, long> Kernels);

    public static List<SyncChange> Apply(SpecFile spec, KernelVersion version, IReadOnlyList<KernelDropReason> reasons)
    {
        var changes = new List<SyncChange>();
        YamlSequenceOutline list = Catalog(spec);
        var entries = new List<Entry>();
        var byName = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (YamlOutline item in list.Items)
        {
            if (item is not YamlMappingOutline map || map.String("name") is not { } name)
            {
                throw spec.Error(item, "a drop reason entry must be a mapping with a name");
            }

            var entry = new Entry(map, YnlNames.DropReasonKernelName(name), YamlText.ReadKernelMap(map["kernels"], spec.Path, spec.LineOf));
            entries.Add(entry);
            byName[entry.Name] = entry;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        var added = new List<KernelDropReason>();
        foreach (KernelDropReason reason in reasons)
        {
            present.Add(reason.Name);
            if (!byName.TryGetValue(reason.Name, out Entry? entry))
            {
                added.Add(reason);
                continue;
            }

            UpdateNumber(spec, changes, version, entry, reason.Number);
            if (entry.Node["doc"] is null && reason.Doc is not null)
            {
                spec.AddKey(entry.Node, "doc", reason.Doc);
            }
        }

        foreach (Entry entry in entries)
        {
            if (present.Contains(entry.Name))
            {
                continue;
            }

            if (entry.Kernels.Remove(version))
            {
                spec.SetKernelMap(entry.Node, entry.Kernels);
            }

            changes.Add(new SyncChange(spec.FileName, SyncChangeKind.RemovedInThisKernel, entry.Name,
                entry.Kernels.Count == 0 ? "in no kernel synced so far" : "in " + string.Join(", ", entry.Kernels.Keys)));
        }

        var renamedFrom = FindRenames(entries, present, reasons, added);
        AppendAdded(spec, list, version, added, renamedFrom, changes);
        spec.RecordKernel(version);
        return changes;
    }

    private static void UpdateNumber(SpecFile spec, List<SyncChange> changes, KernelVersion version, Entry entry, long number)
    {
        if (entry.Kernels.TryGetValue(version, out long recorded) && recorded == number)
        {
            return;
        }

        // The nearest other kernel's number says whether this one renumbered the reason.
        KeyValuePair<KernelVersion, long>? nearest = null;
        foreach (KeyValuePair<KernelVersion, long> other in entry.Kernels)
        {
            if (other.Key != version && (nearest is null || Math.Abs(Distance(other.Key, version)) < Math.Abs(Distance(nearest.Value.Key, version))))
            {
                nearest = other;
            }
        }

        bool first = !entry.Kernels.ContainsKey(version);
        entry.Kernels[version] = number;
        spec.SetKernelMap(entry.Node, entry.Kernels);
        string where = Invariant(number);
        if (nearest is { } previous && previous.Value != number)
        {
            changes.Add(new SyncChange(spec.FileName, SyncChangeKind.ChangedValue, entry.Name, $"{previous.Value} in {previous.Key}, {where} in {version}"));
        }
        else if (!first)
        {
            changes.Add(new SyncChange(spec.FileName, SyncChangeKind.ChangedValue, entry.Name, $"{recorded} recorded for {version}, {where} now"));
        }
        else
        {
            changes.Add(new SyncChange(spec.FileName, SyncChangeKind.Recorded, entry.Name, $"{where} in {version}"));
        }
    }

    /// <summary>
    /// A reason new in this kernel that sits exactly where a reason this kernel lacks sat (the same
    /// neighbours on both sides) is that reason renamed: VXLAN_NO_REMOTE became NO_TX_TARGET. Where the
    /// old reason has numbers from a synced kernel its neighbours are that kernel's; otherwise (an entry
    /// written by hand, in its kernel's order) they are its neighbours in the spec.
    /// </summary>
    private static Dictionary<string, string> FindRenames(List<Entry> entries, HashSet<string> present, IReadOnlyList<KernelDropReason> reasons, List<KernelDropReason> added)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < reasons.Count; i++)
        {
            index[reasons[i].Name] = i;
        }

        var tables = new Dictionary<KernelVersion, Dictionary<long, string>>();
        foreach (Entry entry in entries)
        {
            foreach (KeyValuePair<KernelVersion, long> number in entry.Kernels)
            {
                if (!tables.TryGetValue(number.Key, out Dictionary<long, string>? table))
                {
                    tables[number.Key] = table = new Dictionary<long, string>();
                }

                table[number.Value] = entry.Name;
            }
        }

        for (int i = 0; i < entries.Count; i++)
        {
            Entry old = entries[i];
            if (present.Contains(old.Name))
            {
                continue;
            }

            string? before;
            string? after;
            if (old.Kernels.Count > 0)
            {
                KeyValuePair<KernelVersion, long> last = default;
                foreach (KeyValuePair<KernelVersion, long> number in old.Kernels)
                {
                    last = number;
                }

                tables[last.Key].TryGetValue(last.Value - 1, out before);
                tables[last.Key].TryGetValue(last.Value + 1, out after);
            }
            else
            {
                before = Neighbour(entries, present, i, -1);
                after = Neighbour(entries, present, i, +1);
            }

            foreach (KernelDropReason candidate in added)
            {
                int at = index[candidate.Name];
                string? kernelBefore = at > 0 ? reasons[at - 1].Name : null;
                string? kernelAfter = at + 1 < reasons.Count ? reasons[at + 1].Name : null;
                if (before is not null && after is not null && before == kernelBefore && after == kernelAfter && !renames.ContainsKey(candidate.Name))
                {
                    renames[candidate.Name] = old.Name;
                    break;
                }
            }
        }

        return renames;
    }

    private static string? Neighbour(List<Entry> entries, HashSet<string> present, int i, int step)
    {
        for (int j = i + step; j >= 0 && j < entries.Count; j += step)
        {
            if (present.Contains(entries[j].Name))
            {
                return entries[j].Name;
            }
        }

        return null;
    }

    private static void AppendAdded(SpecFile spec, YamlSequenceOutline list, KernelVersion version, List<KernelDropReason> added, Dictionary<string, string> renamedFrom, List<SyncChange> changes)
    {
        if (added.Count == 0)
        {
            return;
        }

        string dash = new(' ', spec.DashColumn(list));
        string indent = dash + "  ";
        var text = new StringBuilder();
        foreach (KernelDropReason reason in added)
        {
            text.Append(dash).Append("-\n");
            text.Append(indent).Append("name: ").Append(YnlNames.DropReasonSpecName(reason.Name)).Append('\n');
            text.Append(indent).Append("kernels: ").Append(YamlText.KernelMap(new SortedDictionary<KernelVersion, long> { [version] = reason.Number })).Append('\n');
            if (renamedFrom.TryGetValue(reason.Name, out string? old))
            {
                text.Append(indent).Append("renamed-from: ").Append(YnlNames.DropReasonSpecName(old)).Append('\n');
                changes.Add(new SyncChange(spec.FileName, SyncChangeKind.Renamed, old, $"{reason.Name} in {version} (number {Invariant(reason.Number)}); both entries kept"));
            }
            else
            {
                changes.Add(new SyncChange(spec.FileName, SyncChangeKind.Added, reason.Name, $"{Invariant(reason.Number)} in {version}"));
            }

            if (reason.Doc is not null)
            {
                text.Append(YamlText.Scalar("doc", reason.Doc, indent));
            }

            text.Append(indent).Append("subsystem: core\n");
        }

        spec.Append(list, text.ToString());
    }

    /// <summary>The sequence of catalogue entries.</summary>
    public static YamlSequenceOutline Catalog(SpecFile spec)
    {
        if (spec.Root["definitions"] is YamlSequenceOutline definitions)
        {
            foreach (YamlOutline definition in definitions.Items)
            {
                if (definition is YamlMappingOutline map && map.String("drop-reason-catalog") == "true")
                {
                    return map["entries"] as YamlSequenceOutline ?? throw spec.Error(map, "the drop-reason catalogue has no entries list");
                }
            }
        }

        throw spec.Error(spec.Root, "has no enum marked drop-reason-catalog: true");
    }

    private static int Distance(KernelVersion a, KernelVersion b) => ((a.Major - b.Major) * 100) + (a.Minor - b.Minor);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
