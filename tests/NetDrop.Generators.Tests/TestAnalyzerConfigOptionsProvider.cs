using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Gives each additional file the options MSBuild would: what CompilerVisibleItemMetadata exposes as
/// build_metadata.AdditionalFiles.*, here only NetDropNamespace, keyed by the file's path.
/// </summary>
internal sealed class TestAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    public const string NamespaceKey = "build_metadata.AdditionalFiles.NetDropNamespace";

    private readonly Dictionary<string, TestAnalyzerConfigOptions> _byPath;

    /// <param name="namespaces">NetDropNamespace by additional file path; a file not listed has no metadata.</param>
    public TestAnalyzerConfigOptionsProvider(IReadOnlyDictionary<string, string?> namespaces)
    {
        _byPath = new Dictionary<string, TestAnalyzerConfigOptions>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string?> pair in namespaces)
        {
            ImmutableDictionary<string, string> options = pair.Value is null
                ? ImmutableDictionary<string, string>.Empty
                : ImmutableDictionary<string, string>.Empty.Add(NamespaceKey, pair.Value);
            _byPath[pair.Key] = new TestAnalyzerConfigOptions(options);
        }
    }

    public override AnalyzerConfigOptions GlobalOptions => TestAnalyzerConfigOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestAnalyzerConfigOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _byPath.TryGetValue(textFile.Path, out TestAnalyzerConfigOptions? options) ? options : TestAnalyzerConfigOptions.Empty;
}
