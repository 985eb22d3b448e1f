using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit;

/// <summary>The runtime calls that read and write each scalar type.</summary>
internal static class ScalarCode
{
    /// <summary>The BinaryPrimitives reader for a scalar wider than a byte.</summary>
    public static string Reader(ScalarType type, bool bigEndian)
    {
        string order = bigEndian ? "BigEndian" : "LittleEndian";
        return type switch
        {
            ScalarType.U16 => "ReadUInt16" + order,
            ScalarType.U32 => "ReadUInt32" + order,
            ScalarType.U64 => "ReadUInt64" + order,
            ScalarType.S16 => "ReadInt16" + order,
            ScalarType.S32 => "ReadInt32" + order,
            ScalarType.S64 => "ReadInt64" + order,
            _ => string.Empty,
        };
    }

    /// <summary>The NetlinkWriter method for a scalar.</summary>
    public static string Writer(ScalarType type) => type switch
    {
        ScalarType.U8 => "PutU8",
        ScalarType.U16 => "PutU16",
        ScalarType.U32 => "PutU32",
        ScalarType.U64 => "PutU64",
        ScalarType.S8 => "PutS8",
        ScalarType.S16 => "PutS16",
        ScalarType.S32 => "PutS32",
        _ => "PutS64",
    };
}
