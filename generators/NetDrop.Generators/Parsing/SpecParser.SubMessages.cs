using System;
using System.Collections.Generic;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Model;
using NetDrop.Ynl;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

// sub-messages: an attribute's layout chosen by the value of another attribute (rt-link's linkinfo
// data by kind, tc's options by kind, nftables' expression data by name).
internal sealed partial class SpecParser
{
    /// <summary>
    /// Reads the sub-messages and their formats, then checks each sub-message attribute of
    /// <paramref name="sets"/>: one whose sub-message or selector NetDrop cannot use stays bytes,
    /// with ND0013, and is replaced in the list without its sub-message.
    /// </summary>
    private List<SubMessageModel> BuildSubMessages(YamlMappingNode root, List<AttributeSetModel> sets)
    {
        var result = new List<SubMessageModel>();
        var byName = new Dictionary<string, SubMessageModel>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (YamlMappingNode node in Mappings(root, "sub-messages"))
        {
            string? name = RequiredString(node, "name", "A sub-message");
            if (name is null || !CheckUnique(seen, "Sub-message", name, Find(node, "name")!))
            {
                continue;
            }

            string formatType = _typePrefix + YnlNames.Pascal(name) + "Format";
            if (!CheckIdentifier(Find(node, "name")!, "Sub-message", name, formatType))
            {
                continue;
            }

            var model = new SubMessageModel { SpecName = name, FormatTypeName = formatType, Formats = BuildFormats(name, node).ToEquatableArray() };
            byName[name] = model;
            result.Add(model);
        }

        for (int i = 0; i < sets.Count; i++)
        {
            sets[i] = CheckSubMessageAttributes(sets[i], byName);
        }

        return result;
    }

    private List<SubMessageFormatModel> BuildFormats(string subMessage, YamlMappingNode node)
    {
        var formats = new List<SubMessageFormatModel>();
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (YamlMappingNode format in Mappings(node, "formats"))
        {
            string? value = RequiredString(format, "value", "A format of sub-message '" + subMessage + "'");
            if (value is null || !CheckUnique(values, "Format of sub-message '" + subMessage + "'", value, Find(format, "value")!))
            {
                continue;
            }

            // The format enum's zero is Unknown (no selector, or a value the spec does not list).
            string member = YnlNames.Pascal(value);
            member = member == "Unknown" ? member + "Format" : member;
            if (!CheckIdentifier(Find(format, "value")!, "Format", value, member)
                || !CheckUnique(members, "C# name of a format of sub-message '" + subMessage + "'", member, Find(format, "value")!))
            {
                continue;
            }

            string? setPrefix = null;
            string? setName = OptionalString(format, "attribute-set");
            if (setName is not null && !_sets.ContainsKey(setName))
            {
                // pyynl looks a format's set up only when it decodes one: tc's police action names
                // tc-act-police-attrs, which the spec never defines. The format is left out.
                ReportNotUsed(Find(format, "attribute-set")!, $"Format '{value}' of sub-message '{subMessage}' names the attribute set '{setName}', which the spec does not define, so it has no accessor");
                continue;
            }
            else if (setName is not null)
            {
                setPrefix = _sets[setName].TypePrefix;
            }

            StructModel? header = null;
            string? headerName = OptionalString(format, "fixed-header");
            if (headerName is not null && !_definitionNodes.ContainsKey(headerName))
            {
                ReportNotUsed(Find(format, "fixed-header")!, $"Format '{value}' of sub-message '{subMessage}' names the struct '{headerName}', which the spec does not define, so it has no accessor");
                continue;
            }
            else if (headerName is not null)
            {
                header = ResolveStruct(headerName, Find(format, "fixed-header")!);
                if (header is null)
                {
                    continue;
                }
            }

            formats.Add(new SubMessageFormatModel { Value = value, MemberName = member, AttributeSetTypePrefix = setPrefix, FixedHeader = header });
        }

        return formats;
    }

    /// <summary>
    /// A sub-message attribute keeps its sub-message when the sub-message is defined and its selector
    /// is a string attribute of the same set, which is where the view can read it. A selector in an
    /// enclosing nest (tc's stats app, selected by the kind of the message holding the stats) is read
    /// as bytes, with ND0013.
    /// </summary>
    private AttributeSetModel CheckSubMessageAttributes(AttributeSetModel set, Dictionary<string, SubMessageModel> subMessages)
    {
        List<AttributeModel>? replaced = null;
        for (int i = 0; i < set.Attributes.Count; i++)
        {
            AttributeModel attribute = set.Attributes[i];
            if (attribute.YnlType != "sub-message")
            {
                continue;
            }

            string? problem = null;
            if (attribute.SubMessage is null || attribute.Selector is null)
            {
                problem = $"Sub-message attribute '{attribute.SpecName}' of set '{set.SpecName}' names no sub-message or no selector, so it is read as bytes";
            }
            else if (!subMessages.ContainsKey(attribute.SubMessage))
            {
                problem = $"Sub-message attribute '{attribute.SpecName}' of set '{set.SpecName}' names the sub-message '{attribute.SubMessage}', which the spec does not define, so it is read as bytes";
            }
            else if (!HasStringAttribute(set, attribute.Selector))
            {
                problem = $"Sub-message attribute '{attribute.SpecName}' of set '{set.SpecName}' is selected by '{attribute.Selector}', which is not a string attribute of the same set (an enclosing message's), so it is read as bytes";
            }

            if (problem is null)
            {
                continue;
            }

            ReportNotUsed(AttributeNode(set.SpecName, attribute.SpecName) ?? _setNodes[set.SpecName], problem);
            replaced ??= new List<AttributeModel>(set.Attributes);
            replaced[i] = attribute with { SubMessage = null, Selector = null };
        }

        return replaced is null ? set : set with { Attributes = replaced.ToEquatableArray() };
    }

    private static bool HasStringAttribute(AttributeSetModel set, string name)
    {
        foreach (AttributeModel attribute in set.Attributes)
        {
            if (attribute.SpecName == name)
            {
                return attribute.Kind == AttributeKind.String;
            }
        }

        return false;
    }

    private YamlNode? AttributeNode(string setName, string attributeName)
    {
        // The set's attributes were read once already, with any wrong shape reported then.
        if (Find(_setNodes[setName], "attributes") is YamlSequenceNode attributes)
        {
            foreach (YamlNode item in attributes)
            {
                if (item is YamlMappingNode attribute && Find(attribute, "name") is YamlScalarNode { Value: { } name } node && name == attributeName)
                {
                    return node;
                }
            }
        }

        return null;
    }
}
