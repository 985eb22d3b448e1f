using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>
/// Attribute sets: the enum of attribute types, a zero-allocation view that walks a message once,
/// and a writer (Attributes.scriban).
/// </summary>
internal sealed record AttributesView(string GeneratedCode, AttributeSetView[] Sets)
{
    public static object From(SpecModel spec)
    {
        var sets = new List<AttributeSetView>();
        foreach (AttributeSetModel set in spec.AttributeSets)
        {
            sets.Add(AttributeSetView.From(spec, set));
        }

        return new AttributesView(CSharpText.GeneratedCode, sets.ToArray());
    }
}

/// <param name="SetAttribute">The NetlinkAttributeSet attribute that names the family and set, on each of the set's types.</param>
/// <param name="Fields">The view's fields, one per attribute it keeps (all but pad and unused).</param>
internal sealed record AttributeSetView(
    string SpecName,
    bool IsSubset,
    string[] EnumSummary,
    string[] ViewSummary,
    string SetAttribute,
    string EnumTypeName,
    string ViewType,
    string WriterType,
    AttributeEnumEntryView[] EnumEntries,
    string[] Fields,
    AttributeCaseView[] Cases,
    AttributeGetterView[] Getters,
    AttributeWriterView[] Writers)
{
    public static AttributeSetView From(SpecModel spec, AttributeSetModel set)
    {
        var entries = new List<AttributeEnumEntryView>();
        var fields = new List<string>();
        var cases = new List<AttributeCaseView>();
        var getters = new List<AttributeGetterView>();
        var writers = new List<AttributeWriterView>();
        foreach (AttributeModel attribute in set.Attributes)
        {
            entries.Add(new AttributeEnumEntryView(
                DocText.Summary(DocText.Join(DocText.Xml(attribute.Doc), $"C: {attribute.CName}; type {attribute.YnlType}.")),
                attribute.MemberName,
                Invariant(attribute.Value)));
            cases.Add(AttributeCaseView.From(attribute));
            if (attribute.Kind == AttributeKind.Ignored)
            {
                continue;
            }

            fields.Add(AttributeGetterView.FieldOf(attribute));
            getters.Add(AttributeGetterView.From(spec, attribute));
            writers.Add(AttributeWriterView.From(set, attribute));
        }

        return new AttributeSetView(
            set.SpecName,
            set.IsSubset,
            DocText.Summary(DocText.Join(DocText.Xml(set.Doc), $"Attribute types of the '{set.SpecName}' attribute set.")),
            DocText.Summary(DocText.Join(DocText.Xml(set.Doc), $"A view of the '{set.SpecName}' attributes of a message, made by walking them once; reading it allocates nothing. Unknown attributes are counted, malformed ones end the walk and are kept in Error: bad input never throws.")),
            $"[global::NetDrop.Metadata.NetlinkAttributeSet({CSharpLiteral.Quote(spec.Name)}, {CSharpLiteral.Quote(set.SpecName)})]",
            set.EnumTypeName,
            set.TypePrefix + "Attributes",
            set.TypePrefix + "AttributeWriter",
            entries.ToArray(),
            fields.ToArray(),
            cases.ToArray(),
            getters.ToArray(),
            writers.ToArray());
    }
}

internal sealed record AttributeEnumEntryView(string[] Summary, string MemberName, string Value);

/// <summary>One case of the view's parse switch.</summary>
/// <param name="Check">The payload size check before recording it: Fixed (exactly Size bytes), Variable (4 or 8), or None.</param>
/// <param name="Field">The view's field for the attribute, or null when it is skipped (pad, unused).</param>
internal sealed record AttributeCaseView(string Value, string CName, string Check, string Size, string? Field)
{
    public static AttributeCaseView From(AttributeModel attribute)
    {
        string check = "None";
        int size = 0;
        if (attribute.Kind == AttributeKind.Fixed)
        {
            check = "Fixed";
            size = attribute.Scalar!.Value.Size();
        }
        else if (attribute.Kind is AttributeKind.VarUnsigned or AttributeKind.VarSigned)
        {
            check = "Variable";
        }

        return new AttributeCaseView(
            Invariant(attribute.Value),
            attribute.CName,
            check,
            Invariant(size),
            attribute.Kind == AttributeKind.Ignored ? null : AttributeGetterView.FieldOf(attribute));
    }
}
