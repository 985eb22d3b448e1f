using System.Collections.Generic;
using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Emit;

// Blittable structs with the C layout, C names kept.
internal sealed partial class SpecEmitter
{
    private void WriteStructs(SourceWriter w)
    {
        foreach (StructModel model in _spec.Structs)
        {
            WriteStruct(w, model);
        }
    }

    private void WriteStruct(SourceWriter w, StructModel model)
    {
        string? headerFile = model.Header ?? _spec.UapiHeader;
        string header = headerFile is null ? string.Empty : $", Header = {Naming.Literal(headerFile)}";
        w.WriteSummary(Join(Xml(model.Doc), $"C: struct {model.CName}, {Invariant(model.Size)} bytes."));
        w.WriteLine($"[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Explicit, Size = {Invariant(model.Size)})]");
        w.WriteLine($"[global::NetDrop.Metadata.KernelStruct({Naming.Literal(model.CName)}, {Invariant(model.Size)}{header})]");
        w.WriteLine(SpecSource(model.SpecName));
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public partial struct {Identifier(model.CName)}");
        w.WriteSummary("sizeof the C struct.");
        w.WriteLine($"public const int Size = {Invariant(model.Size)};");

        var bufferLengths = new SortedSet<int>();
        foreach (StructMemberModel member in model.Members)
        {
            w.WriteLine();
            switch (member.Kind)
            {
                case StructMemberKinds.Scalar:
                    ScalarTypes.TryGet(member.ScalarType!, out string csharp, out _);
                    w.WriteSummary(Join(Xml(member.Doc), member.BigEndian ? "In network byte order." : string.Empty));
                    w.WriteLine($"[global::System.Runtime.InteropServices.FieldOffset({Invariant(member.Offset)})]");
                    w.WriteLine($"public {csharp} {Identifier(member.Name)};");
                    break;
                case StructMemberKinds.Binary:
                    bufferLengths.Add(member.Length);
                    w.WriteSummary(Xml(member.Doc));
                    w.WriteLine($"[global::System.Runtime.InteropServices.FieldOffset({Invariant(member.Offset)})]");
                    w.WriteLine($"public Bytes{Invariant(member.Length)} {Identifier(member.Name)};");
                    break;
                case StructMemberKinds.Struct:
                    w.WriteSummary(Xml(member.Doc));
                    w.WriteLine($"[global::System.Runtime.InteropServices.FieldOffset({Invariant(member.Offset)})]");
                    w.WriteLine($"public {Identifier(member.StructName!)} {Identifier(member.Name)};");
                    break;
                case StructMemberKinds.FlexibleArray:
                    WriteFlexibleArray(w, member);
                    break;
            }
        }

        w.WriteLine();
        w.WriteSummary("Reads the struct from the start of <paramref name=\"data\"/>; false when it is shorter than <see cref=\"Size\"/>.");
        w.WriteLine($"public static bool TryRead(global::System.ReadOnlySpan<byte> data, out {Identifier(model.CName)} value) =>");
        w.WriteLine("    global::System.Runtime.InteropServices.MemoryMarshal.TryRead(data, out value);");

        foreach (int length in bufferLengths)
        {
            w.WriteLine();
            w.WriteSummary($"A C array of {Invariant(length)} bytes.");
            w.WriteLine($"[global::System.Runtime.CompilerServices.InlineArray({Invariant(length)})]");
            w.OpenBlock($"public struct Bytes{Invariant(length)}");
            w.WriteLine("private byte _element0;");
            w.CloseBlock();
        }

        w.CloseBlock();
        w.WriteLine();
    }

    /// <summary>A C flexible array member: no field, but its offset and a view of its elements.</summary>
    private static void WriteFlexibleArray(SourceWriter w, StructMemberModel member)
    {
        string element;
        if (member.StructName is not null)
        {
            element = Identifier(member.StructName);
        }
        else if (member.ScalarType is not null)
        {
            ScalarTypes.TryGet(member.ScalarType, out element, out _);
        }
        else
        {
            element = "byte";
        }

        string name = Naming.Pascal(member.Name);
        w.WriteSummary($"Offset of the flexible array member {member.Name}[].");
        w.WriteLine($"public const int {name}Offset = {Invariant(member.Offset)};");
        w.WriteLine();
        w.WriteSummary(Join(Xml(member.Doc), $"The whole elements of {member.Name}[] that <paramref name=\"data\"/> holds after the fixed part; compare their count with the struct's own count before trusting it."));
        w.OpenBlock($"public static global::System.ReadOnlySpan<{element}> Get{name}(global::System.ReadOnlySpan<byte> data)");
        w.OpenBlock($"if (data.Length <= {name}Offset)");
        w.WriteLine("return default;");
        w.CloseBlock();
        w.WriteLine();
        w.WriteLine($"global::System.ReadOnlySpan<byte> elements = data.Slice({name}Offset);");
        w.WriteLine($"int size = global::System.Runtime.CompilerServices.Unsafe.SizeOf<{element}>();");
        w.WriteLine($"return global::System.Runtime.InteropServices.MemoryMarshal.Cast<byte, {element}>(elements.Slice(0, elements.Length / size * size));");
        w.CloseBlock();
    }
}
