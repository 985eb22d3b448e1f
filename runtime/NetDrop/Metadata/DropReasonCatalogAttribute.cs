using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks the generated enum that catalogues the kernel's drop reasons. Analyzers check switches
/// over any enum that carries it, so a new reason in the spec is covered without changing them.
/// </summary>
[AttributeUsage(AttributeTargets.Enum, Inherited = false)]
public sealed class DropReasonCatalogAttribute : Attribute
{
    /// <summary>
    /// The static class with the catalogue's lookups by kernel name (<c>TryParseKernelName</c>,
    /// <c>KernelName</c>), which analyzers point to when code uses the kernel's unstable numbers.
    /// </summary>
    public Type? Lookups { get; set; }
}
