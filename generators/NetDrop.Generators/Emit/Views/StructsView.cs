using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>Blittable structs with the C layout, C names kept (Structs.scriban).</summary>
internal sealed record StructsView(string GeneratedCode, StructView[] Structs)
{
    public static object From(SpecModel spec)
    {
        var structs = new List<StructView>();
        foreach (StructModel model in spec.Structs)
        {
            structs.Add(StructView.From(spec, model));
        }

        return new StructsView(CSharpText.GeneratedCode, structs.ToArray());
    }
}

/// <param name="CNameLiteral">The C name as a string literal, for the KernelStruct attribute.</param>
/// <param name="HeaderArgument">", Header = \"…\"" when the struct's header is known, else empty.</param>
/// <param name="BufferLengths">The lengths of the inline byte arrays its binary members need, each once, ascending.</param>
internal sealed record StructView(
    string[] Summary,
    string Name,
    string CNameLiteral,
    string Size,
    string HeaderArgument,
    string SpecSource,
    StructMemberView[] Members,
    string[] BufferLengths)
{
    public static StructView From(SpecModel spec, StructModel model)
    {
        string? headerFile = model.Header ?? spec.UapiHeader;
        var members = new List<StructMemberView>();
        var bufferLengths = new SortedSet<int>();
        foreach (StructMemberModel member in model.Members)
        {
            members.Add(StructMemberView.From(member));
            if (member.Kind == StructMemberKind.Binary)
            {
                bufferLengths.Add(member.Length);
            }
        }

        var lengths = new List<string>();
        foreach (int length in bufferLengths)
        {
            lengths.Add(Invariant(length));
        }

        return new StructView(
            DocText.Summary(DocText.Join(DocText.Xml(model.Doc), $"C: struct {model.CName}, {Invariant(model.Size)} bytes.")),
            Identifier(model.TypeName),
            CSharpLiteral.Quote(model.CName),
            Invariant(model.Size),
            headerFile is null ? string.Empty : $", Header = {CSharpLiteral.Quote(headerFile)}",
            CSharpText.SpecSource(spec.FileName, model.SpecName),
            members.ToArray(),
            lengths.ToArray());
    }
}

/// <summary>A member: a field at its C offset, or for a flexible array member its offset and an accessor.</summary>
/// <param name="Kind">scalar, binary, struct or flexible-array, as the template tells them apart.</param>
/// <param name="Type">The field's C# type; for a flexible array, its element type.</param>
/// <param name="Accessor">A flexible array's accessor stem (Pascal case of the member name).</param>
internal sealed record StructMemberView(
    string Kind,
    string[] Summary,
    string Offset,
    string Type,
    string Name,
    string CName,
    string Accessor)
{
    public static StructMemberView From(StructMemberModel member)
    {
        string doc = DocText.Xml(member.Doc) ?? string.Empty;
        switch (member.Kind)
        {
            case StructMemberKind.Scalar:
                return Field(member, DocText.Join(doc, member.BigEndian ? "In network byte order." : string.Empty), member.Scalar!.Value.CSharpName());
            case StructMemberKind.Binary:
                return Field(member, doc, "Bytes" + Invariant(member.Length));
            case StructMemberKind.Struct:
                return Field(member, doc, Identifier(member.StructName!));
            default:
                string element = member.StructName is not null ? Identifier(member.StructName)
                    : member.Scalar?.CSharpName() ?? "byte";
                return new StructMemberView(
                    KindName(member.Kind),
                    DocText.Summary(DocText.Join(doc, $"The whole elements of {member.Name}[] that <paramref name=\"data\"/> holds after the fixed part; compare their count with the struct's own count before trusting it.")),
                    Invariant(member.Offset),
                    element,
                    Identifier(member.MemberName),
                    member.Name,
                    member.AccessorName!);
        }
    }

    private static StructMemberView Field(StructMemberModel member, string? doc, string type) =>
        new(KindName(member.Kind), DocText.Summary(DocText.Join(doc, member.MemberName == member.Name ? string.Empty : $"C: {member.Name}.")), Invariant(member.Offset), type, Identifier(member.MemberName), member.Name, string.Empty);

    private static string KindName(StructMemberKind kind) => kind switch
    {
        StructMemberKind.Scalar => "scalar",
        StructMemberKind.Binary => "binary",
        StructMemberKind.Struct => "struct",
        _ => "flexible-array",
    };
}
