using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetDrop.SpecSync.Headers;
using NetDrop.SpecSync.Kernel;
using NetDrop.Ynl;

namespace NetDrop.SpecSync.Specs;

/// <summary>
/// Brings a uapi spec (net_dm.yaml from linux/net_dropmon.h, af_packet.yaml from linux/if_packet.h) up
/// to date with one kernel's header: values the header gives differently are corrected (uapi numbers are
/// ABI, so a difference is a mistake in the spec), constants the header adds are appended where the
/// header says enough to write them, and entries the header lacks are kept and marked.
/// </summary>
/// <remarks>
/// An entry without <c>kernels</c> exists in every kernel the spec was synced with (the root
/// <c>kernels</c> list); one the header of a synced kernel lacks gets <c>kernels: [ … ]</c>, the synced
/// kernels it is in (an empty list: in none of them; it came from a newer header by hand). The values
/// are not recorded per kernel as drop reasons' are, because uapi values never change.
/// </remarks>
internal static class UapiSync
{
    public static List<SyncChange> Apply(SpecFile spec, KernelVersion version, CHeader header)
    {
        var changes = new List<SyncChange>();
        List<UapiSection> sections = Sections(spec);
        SortedSet<KernelVersion> synced = spec.Kernels();
        synced.Remove(version);
        var ignored = new HashSet<string>(StringComparer.Ordinal);
        if (spec.Root["sync-ignore"] is YamlSequenceOutline ignore)
        {
            foreach (YamlOutline item in ignore.Items)
            {
                if (item is YamlMappingOutline map && map.String("name") is { } name)
                {
                    ignored.Add(name);
                }
                else if (item is YamlScalarOutline scalar)
                {
                    ignored.Add(scalar.Value);
                }
            }
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (UapiSection section in sections)
        {
            SyncSection(spec, version, header, section, synced, claimed, changes);
        }

        var appendTo = new Dictionary<UapiSection, List<(string Name, long Value)>>();
        foreach (UapiSection section in sections)
        {
            if (section.Kind == "const")
            {
                continue;
            }

            foreach (string name in header.NamesStartingWith(section.CPrefix))
            {
                if (claimed.Contains(name) || ignored.Contains(name) || name.EndsWith("_MAX", StringComparison.Ordinal) || name.StartsWith('_')
                    || !header.IsIntegerConstant(name) || Owner(sections, name) != section)
                {
                    continue;
                }

                claimed.Add(name);
                long value = header.Value(name)!.Value;
                if (!section.CanAppend)
                {
                    changes.Add(new SyncChange(spec.FileName, SyncChangeKind.Added, name,
                        $"{value} in {version}; not written: the header does not give its value types, so add it to {section.Title} by hand (or to sync-ignore)", NeedsHand: true));
                    continue;
                }

                if (!appendTo.TryGetValue(section, out var list))
                {
                    appendTo[section] = list = new List<(string, long)>();
                }

                list.Add((name, value));
                changes.Add(new SyncChange(spec.FileName, SyncChangeKind.Added, name, $"{value} in {version}, to {section.Title}"));
            }
        }

        foreach (KeyValuePair<UapiSection, List<(string Name, long Value)>> pair in appendTo)
        {
            Append(spec, header, pair.Key, pair.Value, synced.Count > 0 ? version : null);
        }

        spec.RecordKernel(version);
        return changes;
    }

    private static void SyncSection(SpecFile spec, KernelVersion version, CHeader header, UapiSection section, SortedSet<KernelVersion> synced, HashSet<string> claimed, List<SyncChange> changes)
    {
        long next = section.FirstValue;
        foreach (YamlOutline item in section.List.Items)
        {
            // Attribute-set and enum entries may be bare names.
            YamlMappingOutline? map = item as YamlMappingOutline;
            string? name = map?.String("name") ?? (item as YamlScalarOutline)?.Value;
            if (name is null)
            {
                throw spec.Error(item, $"an entry of {section.Title} without a name");
            }

            // SO_* options listed with the packet options are declared by asm/socket.h, not this header.
            if (section.Level is not null && map?.String("level") is { } level && level != section.Level)
            {
                continue;
            }

            string cName = map?.String("c-name") ?? YnlNames.CName(section.CPrefix, name);
            long? given = map?.String("value") is { } text ? ParseValue(spec, map!["value"]!, text) : null;
            long specValue = given ?? (section.Kind == "flags" ? 1L << (int)next : next);
            next = (section.Kind == "flags" ? next : specValue) + 1;
            claimed.Add(cName);

            long? headerValue = header.Value(cName);
            SortedSet<KernelVersion>? kernels = map is null ? null : ReadKernelList(spec, map["kernels"]);
            if (headerValue is null)
            {
                if (map is null)
                {
                    changes.Add(new SyncChange(spec.FileName, SyncChangeKind.RemovedInThisKernel, cName, "not marked: the entry is a bare name; write it as a mapping to record its kernels"));
                    continue;
                }

                bool wasMarked = kernels is not null;
                kernels ??= new SortedSet<KernelVersion>(synced);
                kernels.Remove(version);
                if (!wasMarked || map["kernels"] is YamlSequenceOutline old && old.Items.Count != kernels.Count)
                {
                    SetKernelList(spec, map, kernels);
                }

                changes.Add(new SyncChange(spec.FileName, SyncChangeKind.RemovedInThisKernel, cName, kernels.Count == 0 ? "in no kernel synced so far" : "in " + string.Join(", ", kernels)));
                continue;
            }

            if (kernels is not null && kernels.Add(version))
            {
                SetKernelList(spec, map!, kernels);
                changes.Add(new SyncChange(spec.FileName, SyncChangeKind.Recorded, cName, $"in {version}"));
            }

            if (headerValue.Value != specValue)
            {
                changes.Add(new SyncChange(spec.FileName, SyncChangeKind.ChangedValue, cName, $"the spec said {specValue}, the {version} header says {headerValue.Value}"));
                string written = section.Kind == "flags" ? "0x" + headerValue.Value.ToString("x", CultureInfo.InvariantCulture) : headerValue.Value.ToString(CultureInfo.InvariantCulture);
                if (map is null)
                {
                    throw spec.Error(item, $"{cName} has the value {headerValue.Value} in the header; the entry is a bare name, so write it as a mapping with a value");
                }

                if (map["value"] is { } valueNode)
                {
                    spec.Edits.Replace(valueNode.Start, valueNode.End, written);
                }
                else
                {
                    spec.AddKey(map, "value", written);
                }

                next = (section.Kind == "flags" ? next : headerValue.Value) + 1;
            }
        }
    }

    private static void Append(SpecFile spec, CHeader header, UapiSection section, List<(string Name, long Value)> added, KernelVersion? markWith)
    {
        string dash = new(' ', spec.DashColumn(section.List));
        string indent = dash + "  ";
        var text = new StringBuilder();
        foreach ((string name, long value) in added)
        {
            var declaration = header.Declaration(name);
            string file = System.IO.Path.GetFileName(header.Path);
            text.Append(dash).Append("-\n");
            text.Append(indent).Append("name: ").Append(YnlNames.SpecName(name, section.CPrefix)).Append('\n');
            if (markWith is { } version)
            {
                text.Append(indent).Append("kernels: [ \"").Append(version.ToString()).Append("\" ]\n");
            }

            text.Append(indent).Append("value: ").Append(section.Kind == "flags" ? "0x" + value.ToString("x", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            if (section.Kind == "attributes")
            {
                // net_dropmon.h notes each attribute's type in a comment (/* u32 */); a nest's set is not said.
                string? type = AttributeType(declaration?.Comment);
                text.Append(indent).Append("type: ").Append(type ?? "binary").Append('\n');
                string note = type is null ? $" {file} does not say its type{(declaration?.Comment is { } c ? " (it says '" + c + "')" : string.Empty)}; read as bytes until the spec says more." : string.Empty;
                text.Append(YamlText.Scalar("doc", (declaration?.Doc ?? $"{name}, from {file}.") + note, indent));
            }
            else
            {
                text.Append(YamlText.Scalar("doc", declaration?.Doc ?? declaration?.Comment ?? $"{name}, from {file}.", indent));
            }
        }

        spec.Append(section.List, text.ToString());
    }

    private static string? AttributeType(string? comment) => comment switch
    {
        "u8" or "u16" or "u32" or "u64" or "s8" or "s16" or "s32" or "s64" or "string" or "flag" or "binary" => comment,
        _ => null,
    };

    /// <summary>The section that gets a new constant: the longest C prefix; socket options before definitions that share it.</summary>
    private static UapiSection? Owner(List<UapiSection> sections, string name)
    {
        UapiSection? best = null;
        foreach (UapiSection section in sections)
        {
            if (section.Kind == "const" || !name.StartsWith(section.CPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (best is null || section.CPrefix.Length > best.CPrefix.Length
                || (section.CPrefix.Length == best.CPrefix.Length && section.Kind == "socket-options" && best.Kind != "socket-options"))
            {
                best = section;
            }
        }

        return best;
    }

    private static List<UapiSection> Sections(SpecFile spec)
    {
        var sections = new List<UapiSection>();
        string family = spec.Name ?? string.Empty;
        if (spec.Root["definitions"] is YamlSequenceOutline definitions)
        {
            var consts = new List<YamlOutline>();
            foreach (YamlOutline item in definitions.Items)
            {
                if (item is not YamlMappingOutline map)
                {
                    continue;
                }

                string type = map.String("type") ?? string.Empty;
                string name = map.String("name") ?? string.Empty;
                if (type is "enum" or "flags" && map["entries"] is YamlSequenceOutline entries)
                {
                    string prefix = YnlNames.EnumPrefix(family, name, map.String("name-prefix"));
                    sections.Add(new UapiSection("definitions " + name, type, entries, CName(prefix), ParseValue(spec, map["value-start"], map.String("value-start")) ?? 0));
                }
                else if (type == "const")
                {
                    consts.Add(map);
                }
            }

            if (consts.Count > 0)
            {
                var list = new YamlSequenceOutline(false) { Start = definitions.Start, End = definitions.End };
                list.Items.AddRange(consts);
                sections.Add(new UapiSection("definitions (consts)", "const", list, string.Empty, 0));
            }
        }

        if (spec.Root["attribute-sets"] is YamlSequenceOutline sets)
        {
            foreach (YamlOutline item in sets.Items)
            {
                if (item is YamlMappingOutline set && set["subset-of"] is null && set["attributes"] is YamlSequenceOutline attributes)
                {
                    string name = set.String("name") ?? string.Empty;
                    string prefix = YnlNames.AttributePrefix(family, name, set.String("name-prefix"));
                    sections.Add(new UapiSection("attribute-sets " + name, "attributes", attributes, CName(prefix), 1));
                }
            }
        }

        if (spec.Root["operations"] is YamlMappingOutline operations && operations["list"] is YamlSequenceOutline ops && operations.String("enum-model") != "directional")
        {
            sections.Add(new UapiSection("operations", "operations", ops, CName(YnlNames.OperationPrefix(family, operations.String("name-prefix"))), 1));
        }

        if (spec.Root["socket-options"] is YamlMappingOutline options && options["list"] is YamlSequenceOutline optionList)
        {
            sections.Add(new UapiSection("socket-options", "socket-options", optionList, CName(options.String("name-prefix") ?? string.Empty), 0, options.String("level")));
        }

        return sections;
    }

    private static string CName(string prefix) => YnlNames.CUpper(prefix);

    private static long? ParseValue(SpecFile spec, YamlOutline? node, string? text)
    {
        if (text is null)
        {
            return null;
        }

        bool ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long value)
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        return ok ? value : throw spec.Error(node, $"'{text}' is not an integer");
    }

    private static SortedSet<KernelVersion>? ReadKernelList(SpecFile spec, YamlOutline? node)
    {
        if (node is null)
        {
            return null;
        }

        var set = new SortedSet<KernelVersion>();
        if (node is not YamlSequenceOutline list)
        {
            throw spec.Error(node, "kernels of a uapi entry must list kernel versions, as in [ \"6.1\" ]");
        }

        foreach (YamlOutline item in list.Items)
        {
            if (item is not YamlScalarOutline scalar || !KernelVersion.TryParse(scalar.Value, out KernelVersion version))
            {
                throw spec.Error(item, "kernels of a uapi entry must list kernel versions, as in [ \"6.1\" ]");
            }

            set.Add(version);
        }

        return set;
    }

    private static void SetKernelList(SpecFile spec, YamlMappingOutline entry, SortedSet<KernelVersion> kernels)
    {
        string value = YamlText.KernelList(kernels);
        if (entry["kernels"] is { } existing)
        {
            spec.Edits.Replace(existing.Start, existing.End, value);
            return;
        }

        YamlScalarOutline name = entry.KeyNode("name")!;
        spec.Edits.Insert(TextEdits.LineEnd(spec.Text, entry["name"]!.End), new string(' ', name.Column) + "kernels: " + value + "\n");
    }
}
