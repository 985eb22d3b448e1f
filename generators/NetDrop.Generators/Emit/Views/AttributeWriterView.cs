using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit.Views;

/// <summary>How the writer puts one attribute.</summary>
/// <param name="Kind">The attribute's kind (AttributeKind); nests and arrays are begun and ended.</param>
/// <param name="Id">The attribute type as the writer takes it ((ushort)Enum.Member).</param>
/// <param name="Method">For a fixed-size value, the NetlinkWriter method (PutU32…).</param>
/// <param name="Argument">For a fixed-size value, what is passed: the value, or the enum cast to its integer, and the byte order.</param>
internal sealed record AttributeWriterView(string Kind, string MemberName, string CName, string Id, string? ValueType, string? Method, string? Argument)
{
    public static AttributeWriterView From(AttributeSetModel set, AttributeModel attribute)
    {
        string? valueType = null;
        string? method = null;
        string? argument = null;
        if (attribute.Kind == AttributeKind.Fixed)
        {
            ScalarType scalar = attribute.Scalar!.Value;
            valueType = attribute.ValueType;
            string value = attribute.EnumTypeName is null ? "value" : $"({scalar.CSharpName()})value";
            method = ScalarCode.Writer(scalar);
            argument = value + (attribute.BigEndian && scalar.Size() > 1 ? ", bigEndian: true" : string.Empty);
            if (attribute.BigEndian && scalar is ScalarType.S16 or ScalarType.S32 or ScalarType.S64)
            {
                // The signed writers have no byte order of their own: the same bits go through the unsigned one.
                ScalarType unsigned = scalar switch { ScalarType.S16 => ScalarType.U16, ScalarType.S32 => ScalarType.U32, _ => ScalarType.U64 };
                method = ScalarCode.Writer(unsigned);
                argument = $"unchecked(({unsigned.CSharpName()})({value})), bigEndian: true";
            }
        }

        return new AttributeWriterView(attribute.Kind.ToString(), attribute.MemberName, attribute.CName, $"(ushort){set.EnumTypeName}.{attribute.MemberName}", valueType, method, argument);
    }
}
