using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetDrop.Analyzers.Tests.Builds;

/// <summary>References and options test code compiles with: the framework, and the NetDrop runtime when asked.</summary>
internal static class TestReferences
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true)
        .WithSpecificDiagnosticOptions(new[]
        {
            new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
            new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
        });

    // Reading the framework's metadata once rather than per test keeps the suite fast.
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyFramework = new(LoadFramework);
    private static readonly Lazy<MetadataReference> LazyRuntime = new(() => MetadataReference.CreateFromFile(typeof(NetDrop.DropReason).Assembly.Location));

    /// <summary>The framework's assemblies (those beside System.Private.CoreLib), not the test's own dependencies.</summary>
    public static ImmutableArray<MetadataReference> Framework => LazyFramework.Value;

    public static MetadataReference Runtime => LazyRuntime.Value;

    public static ImmutableArray<MetadataReference> WithRuntime => Framework.Add(Runtime);

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        return trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
