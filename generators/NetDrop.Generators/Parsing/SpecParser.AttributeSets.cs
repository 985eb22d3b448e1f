using System;
using System.Collections.Generic;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Model;
using NetDrop.Ynl;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

// attribute-sets, including subset-of sets.
internal sealed partial class SpecParser
{
    private const string AttributeTypeNames =
        "unused, pad, flag, binary, bitfield32, string, u8, u16, u32, u64, s8, s16, s32, s64, uint, sint, nest, indexed-array, array-nest, nest-type-value, sub-message";

    private static readonly HashSet<string> AttributeTypes = new(AttributeTypeNames.Split(new[] { ", " }, StringSplitOptions.None), StringComparer.Ordinal);

    private readonly Dictionary<string, YamlMappingNode> _setNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttributeSetModel> _sets = new(StringComparer.Ordinal);
    private readonly List<string> _setOrder = new();
    private readonly HashSet<string> _setEnumTypes = new(StringComparer.Ordinal);

    private void CollectAttributeSets(YamlMappingNode root)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (YamlMappingNode set in Mappings(root, "attribute-sets"))
        {
            string? name = RequiredString(set, "name", "An attribute set");
            if (name is not null && CheckUnique(seen, "Attribute set", name, Find(set, "name")!))
            {
                _setNodes[name] = set;
                _setOrder.Add(name);
            }
        }
    }

    private List<AttributeSetModel> BuildAttributeSets()
    {
        // Two passes: an attribute's nested-attributes may name a set further down, and a subset
        // takes its attributes from a set that must be built first.
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefixNames = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string name in _setOrder)
        {
            string prefix = SetTypePrefix(name);
            if (CheckUnique(prefixNames, "C# type prefix of attribute set", prefix, Find(_setNodes[name], "name")!))
            {
                prefixes[name] = prefix;
            }
        }

        foreach (string name in _setOrder)
        {
            if (prefixes.ContainsKey(name) && Find(_setNodes[name], "subset-of") is null)
            {
                _sets[name] = BuildSet(name, _setNodes[name], prefixes, parent: null);
            }
        }

        foreach (string name in _setOrder)
        {
            YamlMappingNode node = _setNodes[name];
            string? parentName = OptionalString(node, "subset-of");
            if (parentName is null || !prefixes.ContainsKey(name))
            {
                continue;
            }

            if (!_sets.TryGetValue(parentName, out AttributeSetModel? parent))
            {
                Report(DiagnosticDescriptors.DanglingReference, Find(node, "subset-of")!, "Attribute set", parentName);
                continue;
            }

            _sets[name] = BuildSet(name, node, prefixes, parent);
        }

        var result = new List<AttributeSetModel>();
        foreach (string name in _setOrder)
        {
            if (_sets.TryGetValue(name, out AttributeSetModel? set))
            {
                result.Add(set);
            }
        }

        return result;
    }

    /// <summary>NET_DM + attrs → NetDm; NET_DM + port → NetDmPort; nlctrl + op-attrs → NlctrlOp.</summary>
    private string SetTypePrefix(string setName)
    {
        string stripped = setName;
        foreach (string suffix in new[] { "-attrs", "_attrs", "attrs" })
        {
            if (stripped.EndsWith(suffix, StringComparison.Ordinal))
            {
                stripped = stripped.Substring(0, stripped.Length - suffix.Length);
                break;
            }
        }

        string pascal = YnlNames.Pascal(stripped);
        return stripped.Length == 0 || pascal == _typePrefix ? _typePrefix : _typePrefix + pascal;
    }

    private AttributeSetModel BuildSet(string name, YamlMappingNode node, Dictionary<string, string> prefixes, AttributeSetModel? parent)
    {
        string typePrefix = prefixes[name];
        string? enumName = OptionalString(node, "enum-name");
        string enumType = parent?.EnumTypeName ?? (enumName is null ? typePrefix + "Attr" : YnlNames.Pascal(enumName));

        // Two sets may share one C enum (nl80211's iftype-attrs and supported-iftypes are both
        // enum nl80211_iftype); the later one gets a C# enum of its own, named for its set.
        if (parent is null && !_setEnumTypes.Add(enumType))
        {
            enumType = typePrefix + "Attr";
            _setEnumTypes.Add(enumType);
        }
        string cPrefix = YnlNames.AttributePrefix(_familyName, name, OptionalString(node, "name-prefix"));
        _ = CheckIdentifier(Find(node, "name")!, "Attribute set", name, typePrefix + "Attributes")
            && CheckIdentifier(Find(node, "enum-name") ?? Find(node, "name")!, "Attribute set", name, enumType);

        var attributes = new List<AttributeModel>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new Dictionary<int, string>();
        int next = 1;
        foreach (YamlMappingNode attribute in Mappings(node, "attributes"))
        {
            string? attributeName = RequiredString(attribute, "name", "An attribute of set '" + name + "'");
            if (attributeName is null)
            {
                continue;
            }

            if (names.TryGetValue(attributeName, out int firstLine))
            {
                // pyynl keeps one attribute per name (devlink's dl-dpipe-table lists two names twice,
                // ethtool's strings set its unspec): the first is kept, and the repeat still counts
                // for the numbering of the attributes after it, as in nlspec.py.
                next = (int)(OptionalInt(attribute, "value") ?? next) + 1;
                ReportNotUsed(Find(attribute, "name")!, $"Attribute '{attributeName}' of set '{name}' is listed again (first at line {firstLine.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
                continue;
            }

            names[attributeName] = LineOf(Find(attribute, "name")!);

            AttributeModel? inherited = null;
            if (parent is not null)
            {
                foreach (AttributeModel candidate in parent.Attributes)
                {
                    if (candidate.SpecName == attributeName)
                    {
                        inherited = candidate;
                    }
                }

                if (inherited is null)
                {
                    Report(DiagnosticDescriptors.DanglingReference, Find(attribute, "name")!, "Attribute of set '" + parent.SpecName + "'", attributeName);
                    continue;
                }
            }

            AttributeModel? model = BuildAttribute(attributeName, attribute, inherited, cPrefix, ref next, prefixes);
            if (model is null)
            {
                continue;
            }

            if (parent is null && values.TryGetValue(model.Value, out string? first))
            {
                Report(DiagnosticDescriptors.DuplicateValue, attribute, "Attribute", attributeName, model.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), first);
                continue;
            }

            values[model.Value] = attributeName;
            attributes.Add(model);
        }

        return new AttributeSetModel
        {
            SpecName = name,
            TypePrefix = typePrefix,
            EnumTypeName = enumType,
            IsSubset = parent is not null,
            Doc = Trim(OptionalString(node, "doc")),
            Attributes = attributes.ToEquatableArray(),
        };
    }

    private AttributeModel? BuildAttribute(string name, YamlMappingNode node, AttributeModel? inherited, string cPrefix, ref int next, Dictionary<string, string> prefixes)
    {
        string? type = OptionalString(node, "type") ?? inherited?.YnlType;
        if (type is null)
        {
            Report(DiagnosticDescriptors.MissingKey, node, "Attribute '" + name + "'", "type");
            return null;
        }

        if (!AttributeTypes.Contains(type))
        {
            Report(DiagnosticDescriptors.UnknownType, Find(node, "type")!, type, "attribute", AttributeTypeNames);
            return null;
        }

        int value;
        if (inherited is not null)
        {
            value = inherited.Value;
        }
        else
        {
            long? explicitValue = OptionalInt(node, "value");
            if (explicitValue is < 0 or > 0x3fff)
            {
                Report(DiagnosticDescriptors.InvalidValue, Find(node, "value")!, $"attribute '{name}' has value {explicitValue}; netlink attribute types are 0 to 16383");
                return null;
            }

            value = explicitValue is null ? next : (int)explicitValue.Value;
            next = value + 1;
        }

        string? subType = OptionalString(node, "sub-type") ?? inherited?.SubType;
        if (subType is not null && !AttributeTypes.Contains(subType))
        {
            Report(DiagnosticDescriptors.UnknownType, Find(node, "sub-type")!, subType, "attribute sub-", AttributeTypeNames);
            return null;
        }

        string? nestedPrefix = inherited?.NestedTypePrefix;
        string? nested = OptionalString(node, "nested-attributes");
        if (nested is not null)
        {
            if (!prefixes.TryGetValue(nested, out nestedPrefix))
            {
                Report(DiagnosticDescriptors.DanglingReference, Find(node, "nested-attributes")!, "Attribute set", nested);
                return null;
            }
        }
        else if (inherited is null && (type == "nest" || (type == "indexed-array" && subType == "nest") || type == "array-nest"))
        {
            Report(DiagnosticDescriptors.MissingKey, node, "Nested attribute '" + name + "'", "nested-attributes");
            return null;
        }

        string? enumType = inherited?.EnumTypeName;
        bool enumIsFlags = inherited?.EnumIsFlags ?? false;
        string? enumName = OptionalString(node, "enum");
        if (enumName is not null)
        {
            if (!_enums.TryGetValue(enumName, out EnumModel? enumModel))
            {
                Report(DiagnosticDescriptors.DanglingReference, Find(node, "enum")!, "Enum", enumName);
                return null;
            }

            enumType = enumModel.TypeName;
            enumIsFlags = enumModel.IsFlags;
            if (LenientBool(node, "enum-as-flags") && !enumModel.IsFlags)
            {
                enumType = FlagsOfEnum(enumModel, Find(node, "enum-as-flags")!);
                enumIsFlags = enumType is not null;
            }
        }

        string? structName = inherited?.StructCName;
        string? structType = inherited?.StructTypeName;
        string? structRef = OptionalString(node, "struct");
        if (structRef is not null && !_definitionNodes.ContainsKey(structRef))
        {
            // pyynl only looks a struct up when it decodes one: tc's u32 mark names tc-u32-mark, which
            // the spec never defines. The attribute stays plain bytes.
            ReportNotUsed(Find(node, "struct")!, $"Attribute '{name}' names the struct '{structRef}', which the spec does not define, so it is read as bytes");
        }
        else if (structRef is not null)
        {
            StructModel? layout = ResolveStruct(structRef, Find(node, "struct")!);
            if (layout is null)
            {
                return null;
            }

            structName = layout.CName;
            structType = layout.TypeName;
        }

        bool multiAttr = OptionalBool(node, "multi-attr") || (inherited?.MultiAttr ?? false);
        string? byteOrder = OptionalString(node, "byte-order");
        bool bigEndian = byteOrder is null ? inherited?.BigEndian ?? false : byteOrder == "big-endian";
        string? doc = Trim(OptionalString(node, "doc")) ?? inherited?.Doc;
        string member = YnlNames.Pascal(name);
        // The C name only goes into docs and comments, where the space of conntrack's "labels mask"
        // (pyynl's c_upper keeps it) does no harm; anything else that is no identifier is refused.
        // An attribute may have a name-prefix of its own (nl80211's no-ibss is __NL80211_FREQUENCY_ATTR_NO_IBSS).
        string cName = inherited?.CName ?? YnlNames.CName(OptionalString(node, "name-prefix") ?? cPrefix, name);
        if (!CheckIdentifier(Find(node, "name")!, "Attribute", name, member) || !CheckIdentifier(Find(node, "name")!, "Attribute", name, cName.Replace(' ', '_')))
        {
            return null;
        }

        AttributeKind kind = AttributeKinds.Of(type, subType, nestedPrefix is not null);
        ScalarType? scalar = ScalarTypes.TryParse(type, out ScalarType parsed) ? parsed : null;
        return new AttributeModel
        {
            SpecName = name,
            MemberName = member,
            CName = cName,
            Value = value,
            YnlType = type,
            SubType = subType,
            Kind = kind,
            Scalar = scalar,
            ValueType = kind == AttributeKind.Fixed ? enumType ?? scalar!.Value.CSharpName() : null,
            MultiAttr = multiAttr,
            BigEndian = bigEndian,
            NestedTypePrefix = nestedPrefix,
            EnumTypeName = enumType,
            EnumIsFlags = enumIsFlags,
            StructCName = structName,
            StructTypeName = structType,
            DisplayHint = OptionalString(node, "display-hint") ?? inherited?.DisplayHint,
            SubMessage = type == "sub-message" ? OptionalString(node, "sub-message") ?? inherited?.SubMessage : null,
            Selector = type == "sub-message" ? OptionalString(node, "selector") ?? inherited?.Selector : null,
            Min = inherited?.Min ?? CheckLimit(node, "min"),
            Max = inherited?.Max ?? CheckLimit(node, "max"),
            Doc = doc,
        };
    }
}
