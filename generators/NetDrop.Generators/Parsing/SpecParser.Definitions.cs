using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Model;
using NetDrop.Ynl;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

// definitions: const, enum, flags and struct.
internal sealed partial class SpecParser
{
    private const string DefinitionTypes = "const, enum, flags, struct";

    private readonly Dictionary<string, YamlMappingNode> _definitionNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumModel> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StructModel> _structs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _structsInProgress = new(StringComparer.Ordinal);

    private void CollectDefinitions(YamlMappingNode root)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (YamlMappingNode definition in Mappings(root, "definitions"))
        {
            string? name = RequiredString(definition, "name", "A definition");
            string? type = RequiredString(definition, "type", "Definition '" + name + "'");
            if (name is null || type is null)
            {
                continue;
            }

            if (type is not ("const" or "enum" or "flags" or "struct"))
            {
                Report(DiagnosticDescriptors.UnknownType, Find(definition, "type")!, type, "definition", DefinitionTypes);
                continue;
            }

            if (CheckUnique(seen, "Definition", name, Find(definition, "name")!))
            {
                _definitionNodes[name] = definition;
                if (type == "struct")
                {
                    _structsInYnlSpelling |= name.IndexOf('-') >= 0 || MemberNames(definition).Any(m => m.IndexOf('-') >= 0);
                }
            }
        }
    }

    /// <summary>
    /// Whether the spec names its structs the kernel's YNL way (ovs-header, dp-ifindex): then their
    /// C# names are Pascal case (OvsHeader, DpIfindex) and the C names (ovs_header, dp_ifindex) are
    /// kept in metadata and docs. NetDrop's own specs write C names (tpacket_req3, tp_status), which
    /// the C# keeps as they are.
    /// </summary>
    private bool _structsInYnlSpelling;

    private IEnumerable<string> MemberNames(YamlMappingNode definition)
    {
        if (Find(definition, "members") is YamlSequenceNode members)
        {
            foreach (YamlNode member in members)
            {
                if (member is YamlMappingNode map && Find(map, "name") is YamlScalarNode { Value: { } name })
                {
                    yield return name;
                }
            }
        }
    }

    private void BuildDefinitions(string protocol, List<ConstModel> consts, List<EnumModel> enums, List<StructModel> structs)
    {
        // Enums first: a drop-reason catalogue refers to its subsystem enum, structs to enums.
        foreach (KeyValuePair<string, YamlMappingNode> pair in _definitionNodes)
        {
            string type = OptionalString(pair.Value, "type")!;
            if (type is "enum" or "flags")
            {
                BuildEnum(pair.Key, pair.Value, type == "flags");
            }
        }

        var typeNames = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, YamlMappingNode> pair in _definitionNodes)
        {
            switch (OptionalString(pair.Value, "type"))
            {
                case "const":
                    BuildConst(protocol, pair.Key, pair.Value, consts);
                    break;
                case "enum":
                case "flags":
                    if (_enums.TryGetValue(pair.Key, out EnumModel? model))
                    {
                        CheckCatalog(pair.Value, model);
                        if (CheckUnique(typeNames, "C# type", model.TypeName, Find(pair.Value, "name")!))
                        {
                            enums.Add(model);
                        }
                    }

                    break;
                case "struct":
                    StructModel? layout = ResolveStruct(pair.Key, Find(pair.Value, "name")!);
                    if (layout is not null && CheckUnique(typeNames, "C# type", layout.TypeName, Find(pair.Value, "name")!))
                    {
                        structs.Add(layout);
                    }

                    break;
            }
        }

        if (protocol == "netdrop-drop-reasons" && !enums.Exists(e => e.IsDropReasonCatalog))
        {
            Report(DiagnosticDescriptors.MissingKey, Find(_root!, "definitions") ?? _root!, "A netdrop-drop-reasons spec's catalogue enum", "drop-reason-catalog");
        }
    }

    /// <summary>
    /// A const: an integer, or a string as YNL allows (team's genl-change-event-mc-grp-name:
    /// change_event). Its C# name is the spec's name c_upper'ed, as NetDrop has always written it; the
    /// kernel's C name (family prefix, or c-define-name) is kept for the metadata.
    /// </summary>
    private void BuildConst(string protocol, string name, YamlMappingNode node, List<ConstModel> consts)
    {
        YamlNode? valueNode = Find(node, "value");
        if (valueNode is null)
        {
            Report(DiagnosticDescriptors.MissingKey, node, "Const '" + name + "'", "value");
            return;
        }

        string constName = YnlNames.CName(string.Empty, name);
        if (!CheckIdentifier(Find(node, "name")!, "Const", name, constName))
        {
            return;
        }

        string? header = OptionalString(node, "header");
        string? cName = YnlProtocols.IsKernelNetlink(protocol) && header is null
            ? YnlNames.CUpper(OptionalString(node, "c-define-name") ?? _familyName + "-" + name)
            : null;
        string? doc = Trim(OptionalString(node, "doc"));
        if (valueNode is YamlScalarNode { Value: { } text } && TryParseInt(text, out long value))
        {
            consts.Add(new ConstModel(constName, value, doc) { KernelName = cName });
        }
        else if (valueNode is YamlScalarNode { Value: { } literal } && protocol != YnlProtocols.Socket && protocol != YnlProtocols.DropReasons)
        {
            consts.Add(new ConstModel(constName, 0, doc) { Text = literal, KernelName = cName });
        }
        else
        {
            Report(DiagnosticDescriptors.InvalidValue, valueNode, $"'value' must be an integer (decimal or 0x hex), not '{(valueNode as YamlScalarNode)?.Value}'");
        }
    }

    private void BuildEnum(string name, YamlMappingNode node, bool isFlags)
    {
        string? cName = OptionalString(node, "enum-name");
        string typeName = OptionalString(node, "csharp-name") ?? YnlNames.Pascal(cName ?? name);
        _ = (Find(node, "csharp-name") is { } csharpName
                ? CheckIdentifier(csharpName, "The csharp-name of enum", name, typeName)
                : cName is not null
                    ? CheckIdentifier(Find(node, "enum-name")!, "The enum-name of enum", name, typeName)
                    : CheckIdentifier(Find(node, "name")!, "Enum", name, typeName))
            && (cName is null || CheckIdentifier(Find(node, "enum-name")!, "The enum-name of enum", name, cName.Replace('-', '_'), keywordEscaped: true));
        string prefix = YnlNames.EnumPrefix(_familyName, name, OptionalString(node, "name-prefix"));
        long start = OptionalInt(node, "value-start") ?? 0;
        bool catalog = OptionalBool(node, "drop-reason-catalog");

        var entries = new List<EnumEntryModel>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new Dictionary<long, string>();
        long next = start;
        foreach (YamlNode item in Sequence(node, "entries"))
        {
            string? entryName;
            string? doc = null;
            string? subsystem = null;
            string? kernels = null;
            string? since = null;
            long value;
            if (item is YamlScalarNode scalar)
            {
                entryName = scalar.Value;
                value = isFlags ? 1L << (int)next : next;
            }
            else if (item is YamlMappingNode map)
            {
                entryName = RequiredString(map, "name", "An entry of '" + name + "'");
                doc = Trim(OptionalString(map, "doc"));
                subsystem = OptionalString(map, "subsystem");
                if (catalog)
                {
                    ReadKernelNumbers(map, out kernels, out since);
                }
                long? explicitValue = OptionalInt(map, "value");
                value = explicitValue ?? (isFlags ? 1L << (int)next : next);
                if (explicitValue is not null && !isFlags)
                {
                    next = explicitValue.Value;
                }
            }
            else
            {
                Report(DiagnosticDescriptors.WrongShape, item, "entries item", "a name or a mapping with name, value and doc");
                continue;
            }

            next++;
            if (entryName is null || !CheckUnique(names, "Entry", entryName, item))
            {
                continue;
            }

            string member = YnlNames.Pascal(entryName);
            string entryCName = YnlNames.CName(prefix, entryName);
            if (!CheckIdentifier(item, "Entry", entryName, member) || !CheckIdentifier(item, "Entry", entryName, entryCName))
            {
                continue;
            }

            if (!CheckUnique(members, "C# member", member, item))
            {
                continue;
            }

            if (values.TryGetValue(value, out string? first))
            {
                Report(DiagnosticDescriptors.DuplicateValue, item, "Entry", entryName, value.ToString(System.Globalization.CultureInfo.InvariantCulture), first);
                continue;
            }

            values[value] = entryName;
            entries.Add(new EnumEntryModel
            {
                SpecName = entryName,
                MemberName = member,
                CName = entryCName,
                Value = value,
                Doc = doc,
                KernelName = catalog ? YnlNames.DropReasonKernelName(entryName) : null,
                Subsystem = subsystem,
                Kernels = kernels,
                Since = since,
            });
        }

        string? subsystemEnum = catalog ? OptionalString(node, "subsystem-enum") ?? "skb-drop-reason-subsys" : null;
        _enums[name] = new EnumModel
        {
            SpecName = name,
            TypeName = typeName,
            CName = cName,
            IsFlags = isFlags,
            UnderlyingType = UnderlyingType(values.Keys),
            Doc = Trim(OptionalString(node, "doc")),
            IsDropReasonCatalog = catalog,
            SubsystemEnum = subsystemEnum,
            Entries = entries.ToEquatableArray(),
        };
    }

    /// <summary>
    /// A drop reason's <c>kernels</c> map (written by netdrop specs sync): kernel version → that kernel's
    /// number for the reason, in the order written (sync sorts it by version).
    /// </summary>
    private void ReadKernelNumbers(YamlMappingNode entry, out string? kernels, out string? since)
    {
        kernels = null;
        since = null;
        YamlMappingNode? map = Mapping(entry, "kernels");
        if (map is null)
        {
            return;
        }

        var parts = new List<string>();
        foreach (KeyValuePair<YamlNode, YamlNode> pair in map.Children)
        {
            if (pair.Key is not YamlScalarNode { Value: { } version } || pair.Value is not YamlScalarNode { Value: { } number }
                || !long.TryParse(number, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                Report(DiagnosticDescriptors.WrongShape, pair.Key, "kernels entry", "a kernel version with the kernel's number for the reason (\"6.1\": 2)");
                continue;
            }

            since ??= version;
            parts.Add(version + ": " + number);
        }

        kernels = parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>A drop-reason catalogue's entries must name subsystems its subsystem enum defines.</summary>
    private void CheckCatalog(YamlMappingNode node, EnumModel model)
    {
        if (!model.IsDropReasonCatalog)
        {
            return;
        }

        _enums.TryGetValue(model.SubsystemEnum!, out EnumModel? subsystems);
        int i = 0;
        foreach (YamlNode item in Sequence(node, "entries"))
        {
            if (i >= model.Entries.Count)
            {
                break;
            }

            EnumEntryModel entry = model.Entries[i];
            if (item is not YamlMappingNode map || OptionalString(map, "name") != entry.SpecName)
            {
                continue;
            }

            i++;
            if (entry.Subsystem is null)
            {
                Report(DiagnosticDescriptors.MissingKey, item, "Drop reason '" + entry.SpecName + "'", "subsystem");
            }
            else if (subsystems is null || !subsystems.Entries.Any(e => e.SpecName == entry.Subsystem))
            {
                Report(DiagnosticDescriptors.DanglingReference, Find(map, "subsystem")!, "Subsystem", entry.Subsystem);
            }
        }
    }

    private static string UnderlyingType(IEnumerable<long> values)
    {
        long min = 0;
        long max = 0;
        foreach (long value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        if (min >= int.MinValue && max <= int.MaxValue)
        {
            return "int";
        }

        if (min >= 0 && max <= uint.MaxValue)
        {
            return "uint";
        }

        return "long";
    }

    /// <summary>Computes a struct's C layout, resolving member structs first; null on errors.</summary>
    private StructModel? ResolveStruct(string name, YamlNode referencedAt)
    {
        if (_structs.TryGetValue(name, out StructModel? done))
        {
            return done;
        }

        if (!_definitionNodes.TryGetValue(name, out YamlMappingNode? node) || OptionalString(node, "type") != "struct")
        {
            Report(DiagnosticDescriptors.DanglingReference, referencedAt, "Struct", name);
            return null;
        }

        if (!_structsInProgress.Add(name))
        {
            Report(DiagnosticDescriptors.InvalidValue, referencedAt, $"struct '{name}' contains itself");
            return null;
        }

        var members = new List<StructMemberModel>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        int offset = 0;
        int alignment = 1;
        bool failed = false;
        foreach (YamlMappingNode member in Mappings(node, "members"))
        {
            string? memberName = RequiredString(member, "name", "A member of struct '" + name + "'");
            string? type = RequiredString(member, "type", "Member '" + memberName + "'");
            string? fieldName = memberName is null ? null : StructMemberName(name, memberName);
            if (memberName is null || type is null || fieldName is null || !CheckUnique(names, "Member", fieldName, Find(member, "name")!)
                || !CheckIdentifier(Find(member, "name")!, "Member", memberName, fieldName, keywordEscaped: true))
            {
                failed = true;
                continue;
            }

            string memberCName = memberName.Replace('-', '_');

            int size;
            int align;
            StructMemberKind kind;
            ScalarType? scalar = null;
            string? structName = null;
            int length = 0;
            if (ScalarTypes.TryParse(type, out ScalarType scalarType))
            {
                kind = StructMemberKind.Scalar;
                scalar = scalarType;
                size = align = scalarType.Size();
            }
            else if (type is "binary" && Find(member, "struct") is not null)
            {
                // A struct held inline, as nl80211's ieee80211-ht-cap holds its mcs: YNL writes it binary with a struct.
                string? inner = OptionalString(member, "struct");
                StructModel? innerModel = inner is null ? null : ResolveStruct(inner, Find(member, "struct")!);
                if (innerModel is null)
                {
                    failed = true;
                    continue;
                }

                kind = StructMemberKind.Struct;
                structName = innerModel.TypeName;
                size = innerModel.Size;
                align = innerModel.Alignment;
            }
            else if (type is "binary" or "pad")
            {
                long? len = OptionalInt(member, "len");
                if (len is null or < 0 or > 65536)
                {
                    Report(DiagnosticDescriptors.MissingKey, member, "Binary member '" + memberName + "'", "len");
                    failed = true;
                    continue;
                }

                kind = StructMemberKind.Binary;
                size = length = (int)len.Value;
                align = 1;
            }
            else if (type == "struct")
            {
                string? inner = RequiredString(member, "struct", "Struct member '" + memberName + "'");
                StructModel? innerModel = inner is null ? null : ResolveStruct(inner, Find(member, "struct")!);
                if (innerModel is null)
                {
                    failed = true;
                    continue;
                }

                kind = StructMemberKind.Struct;
                structName = innerModel.TypeName;
                size = innerModel.Size;
                align = innerModel.Alignment;
            }
            else
            {
                Report(DiagnosticDescriptors.UnknownType, Find(member, "type")!, type, "struct member", ScalarTypes.Names + ", binary, pad, struct");
                failed = true;
                continue;
            }

            if (OptionalBool(member, "flexible-array"))
            {
                // Its accessors are named after it: Get{Name}, {Name}Offset.
                string accessor = YnlNames.Pascal(memberName);
                if (!CheckIdentifier(Find(member, "name")!, "Flexible array member", memberName, accessor))
                {
                    failed = true;
                    continue;
                }

                // A flexible array takes no room; its elements start at the next aligned offset.
                offset = AlignUp(offset, align);
                members.Add(new StructMemberModel
                {
                    Name = memberCName,
                    MemberName = fieldName,
                    Kind = StructMemberKind.FlexibleArray,
                    Scalar = scalar,
                    Offset = offset,
                    Length = size,
                    StructName = structName,
                    AccessorName = accessor,
                    Doc = Trim(OptionalString(member, "doc")),
                });
                alignment = Math.Max(alignment, align);
                continue;
            }

            long? explicitOffset = OptionalInt(member, "offset");
            int memberOffset = explicitOffset is null ? AlignUp(offset, align) : (int)explicitOffset.Value;
            string? enumName = OptionalString(member, "enum");
            string? enumType = null;
            if (enumName is not null)
            {
                if (_enums.TryGetValue(enumName, out EnumModel? enumModel))
                {
                    enumType = enumModel.TypeName;
                }
                else
                {
                    Report(DiagnosticDescriptors.DanglingReference, Find(member, "enum")!, "Enum", enumName);
                    failed = true;
                }
            }

            bool bigEndian = OptionalString(member, "byte-order") == "big-endian";
            members.Add(new StructMemberModel
            {
                Name = memberCName,
                MemberName = fieldName,
                Kind = kind,
                Scalar = scalar,
                Offset = memberOffset,
                Length = length,
                StructName = structName,
                BigEndian = bigEndian,
                EnumTypeName = enumType,
                Doc = Trim(OptionalString(member, "doc")),
            });
            offset = Math.Max(offset, memberOffset + size);
            alignment = Math.Max(alignment, align);
        }

        _structsInProgress.Remove(name);
        if (failed)
        {
            return null;
        }

        alignment = (int)(OptionalInt(node, "align") ?? alignment);
        int structSize = (int)(OptionalInt(node, "size") ?? AlignUp(offset, alignment));
        string cName = OptionalString(node, "c-name") ?? name.Replace('-', '_');
        string typeName = _structsInYnlSpelling ? YnlNames.Pascal(name) : cName;
        if (!CheckIdentifier(Find(node, "c-name") ?? Find(node, "name")!, "Struct", name, typeName, keywordEscaped: true))
        {
            return null;
        }

        var model = new StructModel
        {
            SpecName = name,
            CName = cName,
            TypeName = typeName,
            Doc = Trim(OptionalString(node, "doc")),
            Header = OptionalString(node, "header"),
            Size = structSize,
            Alignment = alignment,
            Members = members.ToEquatableArray(),
        };
        _structs[name] = model;
        return model;
    }

    /// <summary>
    /// A struct member's C# field name: the C name where the spec writes C names, else the Pascal case
    /// of the YNL name, kept clear of the struct's own members (Size, TryRead) and of its type name.
    /// </summary>
    private string StructMemberName(string structName, string memberName)
    {
        if (!_structsInYnlSpelling)
        {
            return memberName;
        }

        string field = YnlNames.Pascal(memberName);
        return field is "Size" or "TryRead" || field.StartsWith("Bytes", StringComparison.Ordinal) || field == YnlNames.Pascal(structName)
            ? field + "Value"
            : field;
    }

    private static int AlignUp(int value, int alignment) => alignment <= 1 ? value : (value + alignment - 1) / alignment * alignment;
}
