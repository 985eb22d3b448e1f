using NetDrop.Generators.Model;

namespace NetDrop.Generators.Parsing;

/// <summary>The spellings of <see cref="ScalarType"/> in specs.</summary>
internal static class ScalarTypes
{
    public const string Names = "u8, u16, u32, u64, s8, s16, s32, s64";

    public static bool TryParse(string specType, out ScalarType type)
    {
        switch (specType)
        {
            case "u8": type = ScalarType.U8; return true;
            case "u16": type = ScalarType.U16; return true;
            case "u32": type = ScalarType.U32; return true;
            case "u64": type = ScalarType.U64; return true;
            case "s8": type = ScalarType.S8; return true;
            case "s16": type = ScalarType.S16; return true;
            case "s32": type = ScalarType.S32; return true;
            case "s64": type = ScalarType.S64; return true;
            default: type = default; return false;
        }
    }
}
