using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetDrop.Benchmarks.Generator;

/// <summary>Gives each spec its NetDropNamespace, as MSBuild's build_metadata does.</summary>
internal sealed class SpecNamespaces : AnalyzerConfigOptionsProvider
{
    private static readonly Options None = new(null);
    private readonly Dictionary<string, Options> _byPath = new();

    public SpecNamespaces(Dictionary<string, string> namespaces)
    {
        foreach (KeyValuePair<string, string> pair in namespaces)
        {
            _byPath[pair.Key] = new Options(pair.Value);
        }
    }

    public override AnalyzerConfigOptions GlobalOptions => None;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _byPath.TryGetValue(textFile.Path, out Options? options) ? options : None;

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly string? _namespace;

        public Options(string? ns) => _namespace = ns;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
        {
            value = key == "build_metadata.AdditionalFiles.NetDropNamespace" ? _namespace : null;
            return value is not null;
        }
    }
}
