namespace NetDrop.Generators.Parsing;

/// <summary>
/// How much YAML a spec may make the generator read (docs/diagnostics/ND0012.md). The generator runs
/// inside the compiler, so a spec that costs minutes or gigabytes stops every build: the limits are
/// checked on the parser's event stream before anything is loaded. The largest spec NetDrop ships is
/// 37 KB with about 2,000 nodes and 26,000 characters of scalars.
/// </summary>
internal static class SpecLimits
{
    /// <summary>Longest spec file, in characters.</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>
    /// Most nodes the spec holds once every alias is replaced by what it names. An alias costs
    /// nothing to write and all of its target to use, so ten aliases of ten aliases make 10^10 nodes.
    /// </summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>Most characters of scalars, counted the same way: aliases of a long scalar are copied into generated code.</summary>
    public const int MaxExpandedScalarLength = 1024 * 1024;
}
