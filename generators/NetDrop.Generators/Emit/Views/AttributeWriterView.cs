using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Emit.Views;

/// <summary>How the writer puts one attribute.</summary>
/// <param name="Kind">The attribute's shape (AttributeShape); nests and arrays are begun and ended.</param>
/// <param name="Id">The attribute type as the writer takes it ((ushort)Enum.Member).</param>
/// <param name="Method">For a fixed-size value, the NetlinkWriter method (PutU32…).</param>
/// <param name="Argument">For a fixed-size value, what is passed: the value, or the enum cast to its integer, and the byte order.</param>
internal sealed record AttributeWriterView(string Kind, string MemberName, string CName, string Id, string? ValueType, string? Method, string? Argument)
{
    public static AttributeWriterView From(AttributeSetModel set, AttributeModel attribute, AttributeShape shape)
    {
        string? valueType = null;
        string? method = null;
        string? argument = null;
        if (shape == AttributeShape.Fixed)
        {
            valueType = AttributeShapes.ValueType(attribute, out int size);
            ScalarTypes.TryGet(attribute.Type, out string raw, out _);
            string value = attribute.EnumTypeName is null ? "value" : $"({raw})value";
            method = AttributeShapes.Writer(attribute.Type);
            argument = value + (attribute.BigEndian && size > 1 ? ", bigEndian: true" : string.Empty);
        }

        return new AttributeWriterView(shape.ToString(), attribute.MemberName, attribute.CName, $"(ushort){set.EnumTypeName}.{attribute.MemberName}", valueType, method, argument);
    }
}
