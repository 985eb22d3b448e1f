using System.Collections.Generic;
using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Emit;

// Attribute sets: the enum of attribute types, a zero-allocation view that walks a message once,
// and a writer.
internal sealed partial class SpecEmitter
{
    private const string Ns = "global::NetDrop.Netlink.";
    private const string Span = "global::System.ReadOnlySpan<byte>";

    /// <summary>Members every view has; an attribute whose name would clash gets an "Attribute" suffix.</summary>
    private static readonly HashSet<string> ViewMembers = new()
    {
        "Error", "UnknownCount", "FirstUnknownType", "BaseOffset", "Parse", "PayloadAt", "Fail", "Equals", "GetHashCode", "ToString", "GetType",
    };

    private void WriteAttributeSets(SourceWriter w)
    {
        foreach (AttributeSetModel set in _spec.AttributeSets)
        {
            if (!set.IsSubset)
            {
                WriteAttributeEnum(w, set);
            }

            WriteView(w, set);
            WriteWriter(w, set);
        }
    }

    private void WriteAttributeEnum(SourceWriter w, AttributeSetModel set)
    {
        w.WriteSummary(Join(Xml(set.Doc), $"Attribute types of the '{set.SpecName}' attribute set."));
        w.WriteLine($"[global::NetDrop.Metadata.NetlinkAttributeSet({Naming.Literal(_spec.Name)}, {Naming.Literal(set.SpecName)})]");
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public enum {set.EnumTypeName} : ushort");
        foreach (AttributeModel attribute in set.Attributes)
        {
            w.WriteSummary(Join(Xml(attribute.Doc), $"C: {attribute.CName}; type {attribute.Type}."));
            w.WriteLine($"{attribute.MemberName} = {Invariant(attribute.Value)},");
        }

        w.CloseBlock();
        w.WriteLine();
    }

    // A string's decoding method is Get{name}(): a string attribute named "type" would hide
    // object.GetType() (CS0108), so the names that prefix makes count as clashes too.
    private static string PropertyName(AttributeModel attribute) =>
        ViewMembers.Contains(attribute.MemberName) ||
        (AttributeShapes.Of(attribute) == AttributeShape.String && ViewMembers.Contains("Get" + attribute.MemberName))
            ? attribute.MemberName + "Attribute"
            : attribute.MemberName;

    private static string Field(AttributeModel attribute) => "_a" + attribute.MemberName;

    private void WriteView(SourceWriter w, AttributeSetModel set)
    {
        string type = set.TypePrefix + "Attributes";
        w.WriteSummary(Join(Xml(set.Doc), $"A view of the '{set.SpecName}' attributes of a message, made by walking them once; reading it allocates nothing. Unknown attributes are counted, malformed ones end the walk and are kept in Error: bad input never throws."));
        w.WriteLine($"[global::NetDrop.Metadata.NetlinkAttributeSet({Naming.Literal(_spec.Name)}, {Naming.Literal(set.SpecName)})]");
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public ref struct {type} : {Ns}INetlinkAttributeView<{type}>");
        w.WriteLine($"private {Span} _buffer;");
        w.WriteLine("private int _baseOffset;");
        w.WriteLine($"private {Ns}NetlinkAttributeError _error;");
        w.WriteLine("private int _unknownCount;");
        w.WriteLine("private ushort _firstUnknownType;");
        foreach (AttributeModel attribute in set.Attributes)
        {
            if (AttributeShapes.Of(attribute) != AttributeShape.Ignored)
            {
                // Where the payload starts in _buffer, plus one (0 means absent), and its length.
                w.WriteLine($"private int {Field(attribute)};");
                w.WriteLine($"private int {Field(attribute)}Length;");
            }
        }

        w.WriteLine();
        WriteParse(w, set, type);
        w.WriteLine();
        w.WriteSummary("The first malformation met: a truncated or overlong attribute, or a fixed-size one of the wrong size (left out).");
        w.WriteLine($"public readonly {Ns}NetlinkAttributeError Error => _error;");
        w.WriteLine();
        w.WriteSummary("Attributes of types this set does not know (a newer kernel's), skipped.");
        w.WriteLine("public readonly int UnknownCount => _unknownCount;");
        w.WriteLine();
        w.WriteSummary("The type of the first unknown attribute, for reporting.");
        w.WriteLine("public readonly ushort FirstUnknownType => _firstUnknownType;");
        w.WriteLine();
        w.WriteSummary("Where these attributes start in the outermost buffer walked.");
        w.WriteLine("public readonly int BaseOffset => _baseOffset;");

        foreach (AttributeModel attribute in set.Attributes)
        {
            WriteGetter(w, attribute);
        }

        w.WriteLine();
        w.WriteLine($"private readonly {Span} PayloadAt(int start, int length) => _buffer.Slice(start - 1, length);");
        w.WriteLine();
        w.OpenBlock($"private void Fail({Ns}NetlinkAttributeErrorKind kind, {Ns}NetlinkAttribute attribute, int expected)");
        w.OpenBlock("if (!_error.IsError)");
        w.WriteLine($"_error = new {Ns}NetlinkAttributeError(kind, attribute.Offset, attribute.Type, attribute.Payload.Length, expected);");
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
        w.WriteLine();
    }

    private static void WriteParse(SourceWriter w, AttributeSetModel set, string type)
    {
        w.WriteSummary("Walks <paramref name=\"attributes\"/> once and records where each known attribute's payload is.");
        w.WriteLine("/// <param name=\"attributes\">The attributes, back to back (a message's payload after its headers, or a nest's payload).</param>");
        w.WriteLine("/// <param name=\"baseOffset\">Their offset in the outermost buffer, so errors point at the right byte.</param>");
        w.OpenBlock($"public static {type} Parse({Span} attributes, int baseOffset = 0)");
        w.WriteLine($"var view = new {type} {{ _buffer = attributes, _baseOffset = baseOffset }};");
        w.WriteLine($"var reader = new {Ns}NetlinkAttributeReader(attributes, baseOffset);");
        w.OpenBlock($"while (reader.TryReadNext(out {Ns}NetlinkAttribute attribute))");
        w.WriteLine("int start = attribute.Offset - baseOffset + " + Ns + "NetlinkAttribute.HeaderSize + 1;");
        w.OpenBlock("switch (attribute.Type)");
        foreach (AttributeModel attribute in set.Attributes)
        {
            AttributeShape shape = AttributeShapes.Of(attribute);
            w.WriteLine($"case {Invariant(attribute.Value)}: // {attribute.CName}");
            w.Indent();
            if (shape == AttributeShape.Fixed)
            {
                AttributeShapes.ValueType(attribute, out int size);
                w.OpenBlock($"if (attribute.Payload.Length != {Invariant(size)})");
                w.WriteLine($"view.Fail({Ns}NetlinkAttributeErrorKind.WrongPayloadSize, attribute, {Invariant(size)});");
                w.WriteLine("break;");
                w.CloseBlock();
                w.WriteLine();
            }
            else if (shape is AttributeShape.VarUnsigned or AttributeShape.VarSigned)
            {
                w.OpenBlock("if (attribute.Payload.Length is not (4 or 8))");
                w.WriteLine($"view.Fail({Ns}NetlinkAttributeErrorKind.WrongPayloadSize, attribute, 8);");
                w.WriteLine("break;");
                w.CloseBlock();
                w.WriteLine();
            }

            if (shape != AttributeShape.Ignored)
            {
                // The kernel's nla_parse keeps the last of repeated attributes; so does the view.
                w.WriteLine($"view.{Field(attribute)} = start;");
                w.WriteLine($"view.{Field(attribute)}Length = attribute.Payload.Length;");
            }

            w.WriteLine("break;");
            w.Unindent();
        }

        w.WriteLine("default:");
        w.Indent();
        w.OpenBlock("if (view._unknownCount++ == 0)");
        w.WriteLine("view._firstUnknownType = attribute.Type;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("break;");
        w.Unindent();
        w.CloseBlock();
        w.CloseBlock();
        w.WriteLine();
        w.OpenBlock("if (!view._error.IsError)");
        w.WriteLine("view._error = reader.Error;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("return view;");
        w.CloseBlock();
    }

    private static void WriteGetter(SourceWriter w, AttributeModel attribute)
    {
        AttributeShape shape = AttributeShapes.Of(attribute);
        if (shape == AttributeShape.Ignored)
        {
            return;
        }

        string name = PropertyName(attribute);
        string field = Field(attribute);
        string payload = $"PayloadAt({field}, {field}Length)";
        string doc = Join(Xml(attribute.Doc), $"{attribute.CName} ({attribute.Type}).") ?? string.Empty;
        w.WriteLine();
        if (shape == AttributeShape.Flag)
        {
            w.WriteSummary(doc);
            w.WriteLine($"public readonly bool {name} => {field} != 0;");
            return;
        }

        w.WriteSummary($"Whether {attribute.CName} is present.");
        w.WriteLine($"public readonly bool Has{name} => {field} != 0;");
        w.WriteLine();
        switch (shape)
        {
            case AttributeShape.Fixed:
            {
                string valueType = AttributeShapes.ValueType(attribute, out int size);
                string read = size == 1
                    ? $"{payload}[0]"
                    : $"global::System.Buffers.Binary.BinaryPrimitives.{AttributeShapes.Reader(attribute.Type, attribute.BigEndian)}({payload})";
                if (attribute.Type == "s8")
                {
                    read = $"unchecked((sbyte){read})";
                }

                string cast = attribute.EnumTypeName is null ? string.Empty : $"({valueType})";
                w.WriteSummary(doc);
                w.WriteLine($"public readonly {valueType}? {name} => {field} != 0 ? {cast}{read} : null;");
                break;
            }

            case AttributeShape.VarUnsigned:
                w.WriteSummary(doc);
                w.WriteLine($"public readonly ulong? {name} => {field} != 0 && {Ns}NetlinkPayload.TryReadUInt({payload}, out ulong value) ? value : null;");
                break;
            case AttributeShape.VarSigned:
                w.WriteSummary(doc);
                w.WriteLine($"public readonly long? {name} => {field} != 0 && {Ns}NetlinkPayload.TryReadSInt({payload}, out long value) ? value : null;");
                break;
            case AttributeShape.String:
                w.WriteSummary(doc + "\nThe UTF-8 bytes without the NUL terminator; empty when absent.");
                w.WriteLine($"public readonly {Span} {name}Utf8 => {field} != 0 ? {Ns}NetlinkPayload.StringBytes({payload}) : default;");
                w.WriteLine();
                w.WriteSummary(doc + "\nDecoded to a string (allocates), or null when absent.");
                w.WriteLine($"public readonly string? Get{name}() => {field} != 0 ? {Ns}NetlinkPayload.DecodeString({payload}) : null;");
                break;
            case AttributeShape.Binary:
                w.WriteSummary(doc + "\nThe payload; empty when absent.");
                w.WriteLine($"public readonly {Span} {name} => {field} != 0 ? {payload} : default;");
                if (attribute.StructCName is not null)
                {
                    w.WriteLine();
                    w.WriteSummary($"Reads the payload as a {attribute.StructCName}; false when absent or too short.");
                    w.WriteLine($"public readonly bool TryRead{name}(out {Identifier(attribute.StructCName)} value) => {Identifier(attribute.StructCName)}.TryRead({name}, out value);");
                }

                break;
            case AttributeShape.Nest:
            {
                string nested = attribute.NestedTypePrefix + "Attributes";
                if (attribute.MultiAttr)
                {
                    w.WriteSummary(doc + "\nEvery occurrence, each parsed when reached.");
                    w.WriteLine($"public readonly {Ns}NetlinkNestedViews<{nested}> {name} => new(_buffer, _baseOffset, {Invariant(attribute.Value)});");
                }
                else
                {
                    w.WriteSummary(doc + "\nThe nested attributes; an empty view when absent.");
                    w.WriteLine($"public readonly {nested} {name} => {field} != 0 ? {nested}.Parse({payload}, _baseOffset + {field} - 1) : default;");
                }

                break;
            }

            case AttributeShape.NestArray:
                w.WriteSummary(doc + "\nThe array's items, each parsed when reached.");
                w.WriteLine($"public readonly {Ns}NetlinkNestedViews<{attribute.NestedTypePrefix}Attributes> {name} => {field} != 0 ? new({payload}, _baseOffset + {field} - 1, -1) : default;");
                break;
            case AttributeShape.RawArray:
                w.WriteSummary(doc + "\nThe nested attributes, raw.");
                w.WriteLine($"public readonly {Ns}NetlinkRepeatedAttributes {name} => {field} != 0 ? new({payload}, _baseOffset + {field} - 1, -1) : default;");
                break;
        }

        if (attribute.MultiAttr && shape != AttributeShape.Nest)
        {
            w.WriteLine();
            w.WriteSummary($"Every occurrence of {attribute.CName}, raw.");
            w.WriteLine($"public readonly {Ns}NetlinkRepeatedAttributes {name}Values => new(_buffer, _baseOffset, {Invariant(attribute.Value)});");
        }
    }

    private void WriteWriter(SourceWriter w, AttributeSetModel set)
    {
        // A static class rather than a ref struct wrapping the writer: a ref field cannot refer to a
        // ref struct, and a copy of the NetlinkWriter would lose what is written through it.
        string type = set.TypePrefix + "AttributeWriter";
        string writer = $"ref {Ns}NetlinkWriter writer";
        w.WriteSummary($"Writes '{set.SpecName}' attributes into a message being built by a NetlinkWriter.");
        w.WriteLine($"[global::NetDrop.Metadata.NetlinkAttributeSet({Naming.Literal(_spec.Name)}, {Naming.Literal(set.SpecName)})]");
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public static class {type}");
        bool first = true;
        foreach (AttributeModel attribute in set.Attributes)
        {
            string id = $"(ushort){set.EnumTypeName}.{attribute.MemberName}";
            string name = attribute.MemberName;
            AttributeShape shape = AttributeShapes.Of(attribute);
            if (shape == AttributeShape.Ignored)
            {
                continue;
            }

            if (!first)
            {
                w.WriteLine();
            }

            first = false;
            w.WriteSummary($"Writes {attribute.CName}.");
            switch (shape)
            {
                case AttributeShape.Flag:
                    w.WriteLine($"public static void Put{name}({writer}) => writer.PutFlag({id});");
                    break;
                case AttributeShape.Fixed:
                {
                    string valueType = AttributeShapes.ValueType(attribute, out int size);
                    ScalarTypes.TryGet(attribute.Type, out string raw, out _);
                    string value = attribute.EnumTypeName is null ? "value" : $"({raw})value";
                    string bigEndian = attribute.BigEndian && size > 1 ? ", bigEndian: true" : string.Empty;
                    w.WriteLine($"public static void Put{name}({writer}, {valueType} value) => writer.{AttributeShapes.Writer(attribute.Type)}({id}, {value}{bigEndian});");
                    break;
                }

                case AttributeShape.VarUnsigned:
                    w.WriteLine($"public static void Put{name}({writer}, ulong value) => writer.PutUInt({id}, value);");
                    break;
                case AttributeShape.VarSigned:
                    w.WriteLine($"public static void Put{name}({writer}, long value) => writer.PutSInt({id}, value);");
                    break;
                case AttributeShape.String:
                    w.WriteLine($"public static void Put{name}({writer}, string value) => writer.PutString({id}, value);");
                    w.WriteLine();
                    w.WriteSummary($"Writes {attribute.CName} from UTF-8 bytes.");
                    w.WriteLine($"public static void Put{name}({writer}, {Span} utf8) => writer.PutString({id}, utf8);");
                    break;
                case AttributeShape.Binary:
                    w.WriteLine($"public static void Put{name}({writer}, {Span} value) => writer.PutBinary({id}, value);");
                    break;
                default:
                    w.WriteLine("/// <returns>A token for NetlinkWriter.EndNested; write the nested attributes in between.</returns>");
                    w.WriteLine($"public static int Begin{name}({writer}) => writer.BeginNested({id});");
                    break;
            }
        }

        w.CloseBlock();
        w.WriteLine();
    }
}
