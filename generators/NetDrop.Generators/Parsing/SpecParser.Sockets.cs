using System;
using System.Collections.Generic;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Model;
using NetDrop.Ynl;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

// netdrop-socket specs: levels, socket-options and control-messages.
internal sealed partial class SpecParser
{
    private readonly Dictionary<string, int> _levels = new(StringComparer.Ordinal);

    private void BuildSocketSpec(YamlMappingNode root, List<ConstModel> levels, List<SocketOptionModel> options, List<ControlMessageModel> messages)
    {
        var levelNames = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (YamlMappingNode level in Mappings(root, "levels"))
        {
            string? name = RequiredString(level, "name", "A socket level");
            long? value = OptionalInt(level, "value");
            if (value is null)
            {
                Report(DiagnosticDescriptors.MissingKey, level, "Socket level '" + name + "'", "value");
                continue;
            }

            if (name is not null && CheckUnique(levelNames, "Socket level", name, Find(level, "name")!)
                && CheckIdentifier(Find(level, "name")!, "Socket level", name, YnlNames.CName(string.Empty, name)))
            {
                _levels[name] = (int)value.Value;
                levels.Add(new ConstModel(YnlNames.CName(string.Empty, name), value.Value, Trim(OptionalString(level, "doc"))));
            }
        }

        YamlMappingNode? optionsNode = Mapping(root, "socket-options");
        if (optionsNode is not null)
        {
            BuildSocketOptions(optionsNode, options);
        }

        YamlMappingNode? messagesNode = Mapping(root, "control-messages");
        if (messagesNode is not null)
        {
            BuildControlMessages(messagesNode, messages);
        }
    }

    private void BuildSocketOptions(YamlMappingNode node, List<SocketOptionModel> options)
    {
        int? level = ResolveLevel(node, "level");
        string prefix = OptionalString(node, "name-prefix") ?? string.Empty;
        string versionEnum = OptionalString(node, "version-enum") ?? "tpacket-versions";
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new Dictionary<(int, long), string>();
        foreach (YamlMappingNode option in Mappings(node, "list"))
        {
            string? name = RequiredString(option, "name", "A socket option");
            long? value = OptionalInt(option, "value");
            if (name is null || !CheckUnique(names, "Socket option", name, Find(option, "name")!))
            {
                continue;
            }

            if (value is null)
            {
                Report(DiagnosticDescriptors.MissingKey, option, "Socket option '" + name + "'", "value");
                continue;
            }

            // An option may sit at a level of its own (SO_RXQ_OVFL at sol-socket beside the PACKET_* options).
            int? optionLevel = Find(option, "level") is null ? level : ResolveLevel(option, "level");
            if (values.TryGetValue((optionLevel ?? 0, value.Value), out string? first))
            {
                Report(DiagnosticDescriptors.DuplicateValue, Find(option, "value")!, "Socket option", name, value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), first);
                continue;
            }

            values[(optionLevel ?? 0, value.Value)] = name;
            ValueTypeModel? get = ValueType(option, "get");
            ValueTypeModel? set = ValueType(option, "set");
            if (get is null && set is null && Find(option, "get") is null && Find(option, "set") is null)
            {
                Report(DiagnosticDescriptors.MissingKey, option, "Socket option '" + name + "'", "get' or 'set");
                continue;
            }

            // The option's constant, and its accessors (Set{Name}, Get{Name}).
            string optionCName = OptionalString(option, "c-name") ?? YnlNames.CName(prefix, name);
            if (!CheckIdentifier(Find(option, "c-name") ?? Find(option, "name")!, "Socket option", name, optionCName)
                || !CheckIdentifier(Find(option, "name")!, "Socket option", name, YnlNames.Pascal(name)))
            {
                continue;
            }

            bool valueIn = OptionalBool(option, "value-in");
            if (valueIn && Find(option, "get") is null)
            {
                Report(DiagnosticDescriptors.InvalidValue, Find(option, "value-in")!, $"Socket option '{name}' has 'value-in' but no 'get'; give the type getsockopt reads in and fills");
                continue;
            }

            var byVersion = new List<VersionedValueTypeModel>();
            AddVersioned(option, "get-by-version", true, versionEnum, byVersion);
            AddVersioned(option, "set-by-version", false, versionEnum, byVersion);
            options.Add(new SocketOptionModel
            {
                SpecName = name,
                MemberName = YnlNames.Pascal(name),
                CName = optionCName,
                Level = optionLevel ?? 0,
                Value = (int)value.Value,
                Doc = Trim(OptionalString(option, "doc")),
                GetValueType = get,
                SetValueType = set,
                ByVersion = byVersion.ToEquatableArray(),
                ValueIn = valueIn,
                CreatesRing = OptionalBool(option, "creates-ring"),
                MustPrecedeRing = OptionalBool(option, "must-precede-ring"),
                SelectsRingLayout = OptionalBool(option, "selects-ring-layout"),
            });
        }
    }

    private void AddVersioned(YamlMappingNode option, string key, bool get, string versionEnum, List<VersionedValueTypeModel> byVersion)
    {
        YamlMappingNode? map = Mapping(option, key);
        if (map is null)
        {
            return;
        }

        if (!_enums.TryGetValue(versionEnum, out EnumModel? versions))
        {
            Report(DiagnosticDescriptors.DanglingReference, Find(option, key)!, "Version enum", versionEnum);
            return;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> pair in map.Children)
        {
            if (pair.Key is not YamlScalarNode { Value: { } version })
            {
                Report(DiagnosticDescriptors.WrongShape, pair.Key, key + " key", "the name of an entry of '" + versionEnum + "'");
                continue;
            }

            EnumEntryModel? entry = null;
            foreach (EnumEntryModel candidate in versions.Entries)
            {
                if (candidate.SpecName == version)
                {
                    entry = candidate;
                }
            }

            if (entry is null)
            {
                Report(DiagnosticDescriptors.DanglingReference, pair.Key, "Entry of enum '" + versionEnum + "'", version);
                continue;
            }

            ValueTypeModel? type = ValueTypeOf(pair.Value);
            if (type is not null)
            {
                byVersion.Add(new VersionedValueTypeModel((int)entry.Value, entry.CName, get, type));
            }
        }
    }

    private void BuildControlMessages(YamlMappingNode node, List<ControlMessageModel> messages)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (YamlMappingNode message in Mappings(node, "list"))
        {
            string? name = RequiredString(message, "name", "A control message");
            string? cName = RequiredString(message, "c-name", "Control message '" + name + "'");
            int? level = ResolveLevel(message, "level");
            long? type = OptionalInt(message, "type");
            ValueTypeModel? payload = ValueType(message, "payload");
            if (type is null)
            {
                Report(DiagnosticDescriptors.MissingKey, message, "Control message '" + name + "'", "type");
            }

            if (payload is null && Find(message, "payload") is null)
            {
                Report(DiagnosticDescriptors.MissingKey, message, "Control message '" + name + "'", "payload");
            }

            if (name is null || cName is null || level is null || type is null || payload is null ||
                !CheckUnique(names, "Control message", name, Find(message, "name")!) ||
                !CheckIdentifier(Find(message, "c-name")!, "Control message", name, cName))
            {
                continue;
            }

            messages.Add(new ControlMessageModel
            {
                SpecName = name,
                CName = cName,
                Level = level.Value,
                Type = (int)type.Value,
                Payload = payload,
                Doc = Trim(OptionalString(message, "doc")),
            });
        }
    }

    private int? ResolveLevel(YamlMappingNode node, string key)
    {
        string? level = OptionalString(node, key);
        if (level is null)
        {
            Report(DiagnosticDescriptors.MissingKey, node, "Socket options and control messages", key);
            return null;
        }

        if (_levels.TryGetValue(level, out int value))
        {
            return value;
        }

        Report(DiagnosticDescriptors.DanglingReference, Find(node, key)!, "Socket level", level);
        return null;
    }

    private ValueTypeModel? ValueType(YamlMappingNode node, string key)
    {
        YamlNode? value = Find(node, key);
        return value is null ? null : ValueTypeOf(value);
    }

    /// <summary>int, a fixed-width scalar, binary, or the name of a struct the spec defines.</summary>
    private ValueTypeModel? ValueTypeOf(YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { Length: > 0 } type })
        {
            Report(DiagnosticDescriptors.WrongShape, node, "value type", "a scalar type name or a struct name");
            return null;
        }

        if (type == "int")
        {
            return new ValueTypeModel(type, "int", 4);
        }

        if (ScalarTypes.TryParse(type, out ScalarType scalar))
        {
            return new ValueTypeModel(type, scalar.CSharpName(), scalar.Size());
        }

        if (type == "binary")
        {
            return new ValueTypeModel(type, "byte[]", -1);
        }

        if (_definitionNodes.TryGetValue(type, out YamlMappingNode? definition) && OptionalString(definition, "type") == "struct")
        {
            StructModel? layout = ResolveStruct(type, node);
            return layout is null ? null : new ValueTypeModel(type, layout.TypeName, layout.Size);
        }

        Report(DiagnosticDescriptors.UnknownType, node, type, "value", "int, " + ScalarTypes.Names + ", binary, or a struct defined in this spec");
        return null;
    }
}
