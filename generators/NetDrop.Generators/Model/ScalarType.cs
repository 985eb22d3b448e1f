namespace NetDrop.Generators.Model;

/// <summary>The fixed-width integer types of YNL, struct members and socket options.</summary>
internal enum ScalarType
{
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
}

/// <summary>What each scalar type is in C#: its name and size, said once.</summary>
internal static class ScalarTypeFacts
{
    public static string CSharpName(this ScalarType type) => type switch
    {
        ScalarType.U8 => "byte",
        ScalarType.U16 => "ushort",
        ScalarType.U32 => "uint",
        ScalarType.U64 => "ulong",
        ScalarType.S8 => "sbyte",
        ScalarType.S16 => "short",
        ScalarType.S32 => "int",
        _ => "long",
    };

    public static int Size(this ScalarType type) => type switch
    {
        ScalarType.U8 or ScalarType.S8 => 1,
        ScalarType.U16 or ScalarType.S16 => 2,
        ScalarType.U32 or ScalarType.S32 => 4,
        _ => 8,
    };
}
