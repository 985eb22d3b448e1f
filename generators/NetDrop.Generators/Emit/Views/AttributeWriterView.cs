using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit.Views;

/// <summary>How the writer puts one attribute.</summary>
/// <param name="Kind">The attribute's kind (AttributeKind); nests and arrays are begun and ended.</param>
/// <param name="Id">The attribute type as the writer takes it ((ushort)Enum.Member).</param>
/// <param name="Method">For a fixed-size value, the NetlinkWriter method (PutU32…).</param>
/// <param name="Argument">For a fixed-size value, what is passed: the value, or the enum cast to its integer, and the byte order.</param>
/// <param name="Check">For a value the spec's checks limit (min, max), the condition that it is out of range; else null.</param>
/// <param name="Range">The range the checks allow, for the exception's message.</param>
internal sealed record AttributeWriterView(string Kind, string MemberName, string CName, string Id, string? ValueType, string? Method, string? Argument, string? Check, string? Range)
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

        (string? check, string? range) = CheckOf(attribute);
        return new AttributeWriterView(attribute.Kind.ToString(), attribute.MemberName, attribute.CName, $"(ushort){set.EnumTypeName}.{attribute.MemberName}", valueType, method, argument, check, range);
    }

    /// <summary>
    /// The spec's min and max as a comparison on the plain integer a writer takes (an enum's value is
    /// the kernel's to judge). A bound the type cannot pass anyway is left out: comparing with it would
    /// be a compiler warning, and it costs nothing to skip.
    /// </summary>
    private static (string? Check, string? Range) CheckOf(AttributeModel attribute)
    {
        if ((attribute.Min is null && attribute.Max is null) || attribute.EnumTypeName is not null)
        {
            return (null, null);
        }

        (decimal typeMin, decimal typeMax) = attribute.Kind switch
        {
            AttributeKind.Fixed => ScalarRange(attribute.Scalar!.Value),
            AttributeKind.VarUnsigned => (0m, ulong.MaxValue),
            AttributeKind.VarSigned => (long.MinValue, long.MaxValue),
            _ => (0m, -1m),
        };
        if (typeMin > typeMax)
        {
            return (null, null);
        }

        var conditions = new System.Collections.Generic.List<string>();
        if (attribute.Min is { } min && min > typeMin && min <= typeMax)
        {
            conditions.Add($"value < {min.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (attribute.Max is { } max && max < typeMax && max >= typeMin)
        {
            conditions.Add($"value > {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (conditions.Count == 0)
        {
            return (null, null);
        }

        string low = (attribute.Min ?? (long)System.Math.Max(typeMin, long.MinValue)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string high = attribute.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? typeMax.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (string.Join(" || ", conditions), low + " to " + high);
    }

    private static (decimal Min, decimal Max) ScalarRange(ScalarType type) => type switch
    {
        ScalarType.U8 => (byte.MinValue, byte.MaxValue),
        ScalarType.U16 => (ushort.MinValue, ushort.MaxValue),
        ScalarType.U32 => (uint.MinValue, uint.MaxValue),
        ScalarType.U64 => (ulong.MinValue, ulong.MaxValue),
        ScalarType.S8 => (sbyte.MinValue, sbyte.MaxValue),
        ScalarType.S16 => (short.MinValue, short.MaxValue),
        ScalarType.S32 => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };
}
