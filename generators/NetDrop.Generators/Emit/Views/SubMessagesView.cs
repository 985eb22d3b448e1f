using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>
/// Sub-messages (SubMessages.scriban): an enum of each sub-message's formats, and for each attribute
/// set holding sub-message attributes a static class with, per attribute, the format its selector
/// names, a typed accessor per format and a writer per format that puts the selector and begins the
/// attribute.
/// </summary>
internal sealed record SubMessagesView(string GeneratedCode, SubMessageEnumView[] Enums, SubMessageSetView[] Sets)
{
    public static object From(SpecModel spec)
    {
        var byName = new Dictionary<string, SubMessageModel>();
        var enums = new List<SubMessageEnumView>();
        foreach (SubMessageModel subMessage in spec.SubMessages)
        {
            byName[subMessage.SpecName] = subMessage;
            enums.Add(SubMessageEnumView.From(subMessage));
        }

        var sets = new List<SubMessageSetView>();
        foreach (AttributeSetModel set in spec.AttributeSets)
        {
            var attributes = new List<SubMessageAttributeView>();
            foreach (AttributeModel attribute in set.Attributes)
            {
                if (attribute.SubMessage is not null && byName.TryGetValue(attribute.SubMessage, out SubMessageModel? subMessage))
                {
                    attributes.Add(SubMessageAttributeView.From(spec, set, attribute, subMessage));
                }
            }

            if (attributes.Count > 0)
            {
                sets.Add(new SubMessageSetView(set.SpecName, set.TypePrefix + "Attributes", set.TypePrefix + "SubMessages", attributes.ToArray()));
            }
        }

        return new SubMessagesView(CSharpText.GeneratedCode, enums.ToArray(), sets.ToArray());
    }
}

internal sealed record SubMessageEnumView(string SpecName, string TypeName, SubMessageEnumEntryView[] Entries)
{
    public static SubMessageEnumView From(SubMessageModel subMessage)
    {
        var entries = new List<SubMessageEnumEntryView>();
        for (int i = 0; i < subMessage.Formats.Count; i++)
        {
            SubMessageFormatModel format = subMessage.Formats[i];
            entries.Add(new SubMessageEnumEntryView(Doc(format.Value), format.MemberName, Invariant(i + 1), Doc(Layout(format))));
        }

        return new SubMessageEnumView(subMessage.SpecName, subMessage.FormatTypeName, entries.ToArray());
    }

    /// <summary>Spec text for a one-line doc comment.</summary>
    public static string Doc(string text) => DocText.OneLine(DocText.Xml(text)!);

    /// <summary>What a format's payload holds, in words for the docs.</summary>
    public static string Layout(SubMessageFormatModel format) => (format.FixedHeader, format.AttributeSetTypePrefix) switch
    {
        (null, null) => "no payload",
        (StructModel header, null) => $"struct {header.CName}",
        (null, string set) => $"{set}Attributes",
        (StructModel header, string set) => $"struct {header.CName}, then {set}Attributes",
    };
}

internal sealed record SubMessageEnumEntryView(string Value, string MemberName, string Number, string Layout);

internal sealed record SubMessageSetView(string SpecName, string ViewType, string ClassName, SubMessageAttributeView[] Attributes);

/// <param name="Name">The view's property for the sub-message attribute (Data).</param>
/// <param name="Selector">The view's UTF-8 property of the selector (KindUtf8).</param>
/// <param name="SelectorId">The selector's attribute type as the writer takes it.</param>
internal sealed record SubMessageAttributeView(
    string Name,
    string CName,
    string SubMessage,
    string FormatType,
    string Selector,
    string SelectorCName,
    string SelectorId,
    string Id,
    SubMessageFormatView[] Formats)
{
    public static SubMessageAttributeView From(SpecModel spec, AttributeSetModel set, AttributeModel attribute, SubMessageModel subMessage)
    {
        AttributeModel selector = null!;
        foreach (AttributeModel candidate in set.Attributes)
        {
            if (candidate.SpecName == attribute.Selector)
            {
                selector = candidate;
            }
        }

        var formats = new List<SubMessageFormatView>();
        foreach (SubMessageFormatModel format in subMessage.Formats)
        {
            formats.Add(new SubMessageFormatView(
                format.MemberName,
                SubMessageEnumView.Doc(format.Value),
                CSharpLiteral.Quote(format.Value) + "u8",
                format.AttributeSetTypePrefix is null ? null : format.AttributeSetTypePrefix + "Attributes",
                format.FixedHeader is null ? null : "global::" + spec.Namespace + "." + Identifier(format.FixedHeader.TypeName),
                format.FixedHeader?.CName,
                SubMessageEnumView.Doc(SubMessageEnumView.Layout(format))));
        }

        return new SubMessageAttributeView(
            AttributeGetterView.PropertyName(attribute),
            attribute.CName,
            subMessage.SpecName,
            subMessage.FormatTypeName,
            AttributeGetterView.PropertyName(selector) + "Utf8",
            selector.CName,
            $"(ushort){set.EnumTypeName}.{selector.MemberName}",
            $"(ushort){set.EnumTypeName}.{attribute.MemberName}",
            formats.ToArray());
    }
}

/// <param name="Value">The selector's value, XML-escaped for the docs.</param>
/// <param name="Literal">The selector's value as a UTF-8 literal.</param>
/// <param name="Attributes">The view type of the format's attribute set, or null.</param>
/// <param name="Header">The C# type of the format's fixed header, or null.</param>
internal sealed record SubMessageFormatView(string MemberName, string Value, string Literal, string? Attributes, string? Header, string? HeaderCName, string Layout);
