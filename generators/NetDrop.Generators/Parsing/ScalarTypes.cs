namespace NetDrop.Generators.Parsing;

/// <summary>The fixed-width integer types of YNL and socket options, with their C# names and sizes.</summary>
internal static class ScalarTypes
{
    public const string Names = "u8, u16, u32, u64, s8, s16, s32, s64";

    public static bool TryGet(string specType, out string csharpType, out int size)
    {
        switch (specType)
        {
            case "u8": csharpType = "byte"; size = 1; return true;
            case "u16": csharpType = "ushort"; size = 2; return true;
            case "u32": csharpType = "uint"; size = 4; return true;
            case "u64": csharpType = "ulong"; size = 8; return true;
            case "s8": csharpType = "sbyte"; size = 1; return true;
            case "s16": csharpType = "short"; size = 2; return true;
            case "s32": csharpType = "int"; size = 4; return true;
            case "s64": csharpType = "long"; size = 8; return true;
            default: csharpType = string.Empty; size = 0; return false;
        }
    }

    /// <summary>Read and write method suffixes of NetlinkPayload/NetlinkWriter for an attribute type.</summary>
    public static bool IsSigned(string specType) => specType.Length > 0 && specType[0] == 's' && specType != "string" && specType != "sub-message";
}
