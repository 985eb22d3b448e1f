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
        bool raw = _protocol == YnlProtocols.NetlinkRaw;
        int maxValue = raw ? ushort.MaxValue : byte.MaxValue;
        string? familyHeader = OptionalString(node, "fixed-header");
        string cPrefix = YnlNames.OperationPrefix(_familyName, OptionalString(node, "name-prefix"));
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new Dictionary<int, string>();
        var numbering = new OperationNumbering();
        foreach (YamlMappingNode operation in Mappings(node, "list"))
        {
            string? name = RequiredString(operation, "name", "An operation");
            if (name is null || !CheckUnique(names, "Operation", name, Find(operation, "name")!))
            {
                continue;
            }

            YamlMappingNode? doNode = Mapping(operation, "do");
            YamlMappingNode? dumpNode = Mapping(operation, "dump");
            YamlMappingNode? eventNode = Mapping(operation, "event");
            string? notify = OptionalString(operation, "notify");
            YamlMappingNode? request = (doNode is null ? null : Mapping(doNode, "request")) ?? (dumpNode is null ? null : Mapping(dumpNode, "request"));
            YamlMappingNode? reply = (doNode is null ? null : Mapping(doNode, "reply")) ?? (dumpNode is null ? null : Mapping(dumpNode, "reply"));

            // A notification takes its attribute set from the operation it notifies of.
            string? setName = OptionalString(operation, "attribute-set") ?? (notify is null ? null : NotifiedSet(node, notify));
            AttributeSetModel? set = null;
            if (setName is not null && !_sets.TryGetValue(setName, out set))
            {
                Report(DiagnosticDescriptors.DanglingReference, Find(operation, "attribute-set") ?? operation, "Attribute set", setName);
                continue;
            }

            bool isAsync = notify is not null || eventNode is not null;
            long? explicitValue = OptionalInt(operation, "value");
            int value;
            int replyValue;
            if (directional)
            {
                // The first mode (do, else dump) carries the request and reply values, as nlspec.py reads them.
                YamlMappingNode? mode = doNode ?? dumpNode;
                YamlMappingNode? modeRequest = mode is null ? null : Mapping(mode, "request");
                YamlMappingNode? modeReply = mode is null ? null : Mapping(mode, "reply");
                (value, replyValue) = numbering.Directional(
                    isAsync,
                    explicitValue,
                    modeRequest is null ? null : OptionalInt(modeRequest, "value"),
                    modeReply is null ? null : OptionalInt(modeReply, "value"),
                    modeReply is not null);
            }
            else
            {
                value = replyValue = numbering.Unified(explicitValue);
            }

            if (value is < 0 || value > maxValue || replyValue is < 0 || replyValue > maxValue)
            {
                Report(DiagnosticDescriptors.InvalidValue, operation, $"operation '{name}' has command value {Math.Max(value, replyValue)}; {(raw ? "netlink message types are 0 to 65535" : "generic netlink commands are 0 to 255")}");
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

            string? fixedHeader = OptionalString(operation, "fixed-header") ?? familyHeader;
            StructModel? header = null;
            if (fixedHeader is not null)
            {
                header = ResolveStruct(fixedHeader, Find(operation, "fixed-header") ?? Find(node, "fixed-header")!);
                if (header is null)
                {
                    continue;
                }
            }

            var requestAttributes = new List<AttributeModel>();
            if (request is not null)
            {
                ResolveAttributeList(request, set, header, name, requestAttributes);
            }

            // A dump's request has attributes of its own when the operation has a do as well.
            YamlMappingNode? dumpRequest = dumpNode is null ? null : Mapping(dumpNode, "request");
            List<AttributeModel> dumpAttributes = requestAttributes;
            if (doNode is not null && dumpRequest is not null)
            {
                dumpAttributes = new List<AttributeModel>();
                ResolveAttributeList(dumpRequest, set, header, name, dumpAttributes);
            }

            if (reply is not null)
            {
                ResolveAttributeList(reply, set, header, name, new List<AttributeModel>());
            }

            if (eventNode is not null)
            {
                ResolveAttributeList(eventNode, set, header, name, new List<AttributeModel>());
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
                ReplyCName = directional && !isAsync && reply is not null ? YnlNames.CName(cPrefix, name) + "_REPLY" : null,
                Value = value,
                ReplyValue = replyValue,
                IsNotification = isAsync && doNode is null && dumpNode is null,
                FixedHeaderTypeName = header?.TypeName,
                Doc = Trim(OptionalString(operation, "doc")),
                AttributeSetPrefix = set?.TypePrefix,
                AttributeEnumTypeName = set?.EnumTypeName,
                HasDo = doNode is not null,
                HasDump = dumpNode is not null,
                DoHasReply = doNode is not null && Mapping(doNode, "reply") is not null,
                HasEvent = eventNode is not null,
                AdminPerm = adminPerm,
                RequestAttributes = requestAttributes.ToEquatableArray(),
                DumpRequestAttributes = dumpAttributes.ToEquatableArray(),
                EntersState = OptionalString(operation, "enters-state"),
                LeavesState = OptionalString(operation, "leaves-state"),
                RejectedInState = OptionalString(operation, "rejected-in-state"),
                NamesOneOf = Sequence(operation, "names-one-of").OfType<YamlScalarNode>().Select(n => n.Value ?? string.Empty).ToEquatableArray(),
            });
        }

        return operations;
    }

    /// <summary>The attribute set of the operation a notification notifies of.</summary>
    private string? NotifiedSet(YamlMappingNode operations, string notified)
    {
        foreach (YamlMappingNode candidate in Mappings(operations, "list"))
        {
            if (OptionalString(candidate, "name") == notified)
            {
                return OptionalString(candidate, "attribute-set");
            }
        }

        return null;
    }

    /// <summary>
    /// The attributes an operation lists, from its attribute set. As in pyynl, a member of the fixed
    /// header may be listed too (ovs_vport lists dp-ifindex of ovs-header), and a name the set lacks
    /// (nl80211's ht-capability-mask) is left out with ND0013 rather than refusing the spec.
    /// </summary>
    private void ResolveAttributeList(YamlMappingNode message, AttributeSetModel? set, StructModel? header, string operation, List<AttributeModel> resolved)
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

            if (found is null && header is not null && header.Members.Any(m => m.Name == attributeName.Replace('-', '_')))
            {
                continue;
            }

            if (found is null)
            {
                ReportNotUsed(item, $"Operation '{operation}' lists the attribute '{attributeName}', which its attribute set '{set?.SpecName}' does not define");
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
                groups.Add(new McastGroupModel(name, YnlNames.Pascal(name), OptionalInt(group, "value")));
            }
        }

        return groups;
    }
}
