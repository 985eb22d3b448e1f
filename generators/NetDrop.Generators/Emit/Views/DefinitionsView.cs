using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>Consts, enums and flags, and the lookup helpers of a drop-reason catalogue (Definitions.scriban).</summary>
internal sealed record DefinitionsView(string GeneratedCode, string FileName, string TypePrefix, bool HasConsts, ConstView[] Consts, EnumView[] Enums)
{
    public static object From(SpecModel spec)
    {
        var consts = new List<ConstView>();
        foreach (ConstModel constant in spec.Consts)
        {
            string summary = DocText.Join(DocText.Xml(constant.Doc), constant.KernelName is null ? string.Empty : $"C: {constant.KernelName}.") ?? string.Empty;
            consts.Add(constant.Text is null
                ? new ConstView(DocText.Summary(summary), ConstType(constant.Value), constant.CName, Invariant(constant.Value))
                : new ConstView(DocText.Summary(summary), "string", constant.CName, CSharpLiteral.Quote(constant.Text)));
        }

        var enums = new List<EnumView>();
        foreach (EnumModel model in spec.Enums)
        {
            enums.Add(EnumView.From(spec, model));
        }

        return new DefinitionsView(CSharpText.GeneratedCode, DocText.Xml(DocText.OneLine(spec.FileName))!, spec.TypePrefix, consts.Count > 0, consts.ToArray(), enums.ToArray());
    }

    private static string ConstType(long value) =>
        value is >= int.MinValue and <= int.MaxValue ? "int" : value is >= 0 and <= uint.MaxValue ? "uint" : "long";
}

internal sealed record ConstView(string[] Summary, string Type, string Name, string Value);

internal sealed record EnumView(
    string[] Summary,
    bool IsFlags,
    bool IsCatalog,
    string SpecSource,
    string TypeName,
    string UnderlyingType,
    EnumEntryView[] Entries,
    CatalogView? Catalog)
{
    public static EnumView From(SpecModel spec, EnumModel model)
    {
        // YNL spells enum-name in kebab case (netlink-attribute-type); C has underscores.
        string cNote = model.CName is null ? string.Empty : $"C: enum {model.CName.Replace('-', '_')}.";
        var entries = new List<EnumEntryView>();
        foreach (EnumEntryModel entry in model.Entries)
        {
            string note = model.BitsOf is not null ? $"The bit 1 &lt;&lt; {entry.CName}."
                : entry.Kernels is null ? $"C: {entry.CName}." : $"C: {entry.CName}. Kernel numbers: {DocText.Xml(entry.Kernels)}.";
            entries.Add(new EnumEntryView(
                DocText.Summary(DocText.Join(DocText.Xml(entry.Doc), note)),
                model.IsDropReasonCatalog ? $"[global::NetDrop.Metadata.DropReasonInfo({CSharpLiteral.Quote(entry.KernelName!)}, {CSharpLiteral.Quote(entry.Subsystem ?? string.Empty)})]" : null,
                entry.MemberName,
                model.IsFlags && entry.Value > 9 ? "0x" + entry.Value.ToString("X", System.Globalization.CultureInfo.InvariantCulture) : Invariant(entry.Value)));
        }

        return new EnumView(
            DocText.Summary(DocText.Join(DocText.Xml(model.Doc), cNote)),
            model.IsFlags,
            model.IsDropReasonCatalog,
            CSharpText.SpecSource(spec.FileName, model.SpecName),
            model.TypeName,
            model.UnderlyingType,
            entries.ToArray(),
            model.IsDropReasonCatalog ? CatalogView.From(spec, model) : null);
    }
}

/// <param name="DropReasonInfo">The DropReasonInfo attribute of a catalogue entry, else null.</param>
internal sealed record EnumEntryView(string[] Summary, string? DropReasonInfo, string MemberName, string Value);
