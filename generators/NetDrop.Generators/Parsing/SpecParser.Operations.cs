using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Model;
using NetDrop.Ynl;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

// operations and mcast-groups.
internal sealed partial class SpecParser
{
    private List<OperationModel> BuildOperations(YamlMappingNode root, out bool directional)
    {
        var operations = new List<OperationModel>();
        directional = false;
        YamlMappingNode? node = Mapping(root, "operations");
        if (node is null)
        {
            return operations;
        }

        string model = OptionalString(node, "enum-model") ?? "unified";
        if (model is not ("unified" or "directional"))
        {
            Report(DiagnosticDescriptors.UnknownType, Find(node, "enum-model")!, model, "operations enum-model", "unified, directional");
            return operations;
        }

        directional = model == "directional";
        string cPrefix = YnlNames.OperationPrefix(_familyName, OptionalString(node, "name-prefix"));
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new Dictionary<int, string>();
        int next = 1;
        foreach (YamlMappingNode operation in Mappings(node, "list"))
        {
            string? name = RequiredString(operation, "name", "An operation");
            if (name is null || !CheckUnique(names, "Operation", name, Find(operation, "name")!))
            {
                continue;
            }

            string? setName = OptionalString(operation, "attribute-set");
            AttributeSetModel? set = null;
            if (setName is not null && !_sets.TryGetValue(setName, out set))
            {
                Report(DiagnosticDescriptors.DanglingReference, Find(operation, "attribute-set")!, "Attribute set", setName);
                continue;
            }

            YamlMappingNode? doNode = Mapping(operation, "do");
            YamlMappingNode? dumpNode = Mapping(operation, "dump");
            YamlMappingNode? eventNode = Mapping(operation, "event");
            YamlMappingNode? request = (doNode is null ? null : Mapping(doNode, "request")) ?? (dumpNode is null ? null : Mapping(dumpNode, "request"));
            YamlMappingNode? reply = (doNode is null ? null : Mapping(doNode, "reply")) ?? (dumpNode is null ? null : Mapping(dumpNode, "reply"));

            int value;
            int replyValue;
            if (directional)
            {
                long? requestValue = request is null ? null : OptionalInt(request, "value");
                long? replyValueRaw = (reply is null ? null : OptionalInt(reply, "value")) ?? (eventNode is null ? null : OptionalInt(eventNode, "value"));
                value = (int)(requestValue ?? replyValueRaw ?? OptionalInt(operation, "value") ?? next);
                replyValue = (int)(replyValueRaw ?? value);
            }
            else
            {
                value = (int)(OptionalInt(operation, "value") ?? next);
                replyValue = value;
            }

            next = value + 1;
            if (value is < 0 or > 255)
            {
                Report(DiagnosticDescriptors.InvalidValue, operation, $"operation '{name}' has command value {value}; generic netlink commands are 0 to 255");
                continue;
            }

            if (!directional && values.TryGetValue(value, out string? first))
            {
                Report(DiagnosticDescriptors.DuplicateValue, operation, "Operation", name, value.ToString(System.Globalization.CultureInfo.InvariantCulture), first);
                continue;
            }

            values[value] = name;
            if (!CheckIdentifier(Find(operation, "name")!, "Operation", name, YnlNames.Pascal(name)) || !CheckIdentifier(Find(operation, "name")!, "Operation", name, YnlNames.CName(cPrefix, name)))
            {
                continue;
            }

            var requestAttributes = new List<AttributeModel>();
            if (request is not null)
            {
                ResolveAttributeList(request, set, name, requestAttributes);
            }

            if (reply is not null)
            {
                ResolveAttributeList(reply, set, name, new List<AttributeModel>());
            }

            if (eventNode is not null)
            {
                ResolveAttributeList(eventNode, set, name, new List<AttributeModel>());
            }

            bool adminPerm = false;
            foreach (YamlNode flag in Sequence(operation, "flags"))
            {
                adminPerm |= flag is YamlScalarNode { Value: "admin-perm" };
            }

            operations.Add(new OperationModel
            {
                SpecName = name,
                MemberName = YnlNames.Pascal(name),
                CName = YnlNames.CName(cPrefix, name),
                Value = value,
                ReplyValue = replyValue,
                Doc = Trim(OptionalString(operation, "doc")),
                AttributeSetPrefix = set?.TypePrefix,
                AttributeEnumTypeName = set?.EnumTypeName,
                HasDo = doNode is not null,
                HasDump = dumpNode is not null,
                HasEvent = eventNode is not null,
                AdminPerm = adminPerm,
                RequestAttributes = requestAttributes.ToEquatableArray(),
                EntersState = OptionalString(operation, "enters-state"),
                LeavesState = OptionalString(operation, "leaves-state"),
                RejectedInState = OptionalString(operation, "rejected-in-state"),
                NamesOneOf = Sequence(operation, "names-one-of").OfType<YamlScalarNode>().Select(n => n.Value ?? string.Empty).ToEquatableArray(),
            });
        }

        return operations;
    }

    /// <summary>Every attribute an operation lists must be in its attribute set.</summary>
    private void ResolveAttributeList(YamlMappingNode message, AttributeSetModel? set, string operation, List<AttributeModel> resolved)
    {
        foreach (YamlNode item in Sequence(message, "attributes"))
        {
            if (item is not YamlScalarNode { Value: { } attributeName })
            {
                Report(DiagnosticDescriptors.WrongShape, item, "attributes item", "an attribute name");
                continue;
            }

            AttributeModel? found = null;
            if (set is not null)
            {
                foreach (AttributeModel attribute in set.Attributes)
                {
                    if (attribute.SpecName == attributeName)
                    {
                        found = attribute;
                    }
                }
            }

            if (found is null)
            {
                Report(DiagnosticDescriptors.DanglingReference, item, "Attribute of operation '" + operation + "'", attributeName);
                continue;
            }

            resolved.Add(found);
        }
    }

    private List<McastGroupModel> BuildMcastGroups(YamlMappingNode root)
    {
        var groups = new List<McastGroupModel>();
        YamlMappingNode? node = Mapping(root, "mcast-groups");
        if (node is null)
        {
            return groups;
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (YamlMappingNode group in Mappings(node, "list"))
        {
            string? name = RequiredString(group, "name", "A multicast group");
            if (name is not null && CheckUnique(names, "Multicast group", name, Find(group, "name")!)
                && CheckIdentifier(Find(group, "name")!, "Multicast group", name, YnlNames.Pascal(name)))
            {
                groups.Add(new McastGroupModel(name, YnlNames.Pascal(name)));
            }
        }

        return groups;
    }
}
