using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NetDrop.Generators;

namespace NetDrop.Analyzers.Tests.Builds;

/// <summary>
/// The project's own runtime and tools as the build compiles them: their sources, the spec generator
/// over the specs the runtime's project file lists (with their namespaces), and the SDK's source
/// generators (LibraryImport), so analyzers see exactly what a build would.
/// </summary>
internal static partial class RepoCompilation
{
    public static string Root { get; } = FindRoot();

    public static CSharpParseOptions ParseOptions { get; } = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>runtime/NetDrop with its generated code, before any analyzer runs.</summary>
    public static CSharpCompilation Runtime()
    {
        string project = Path.Combine(Root, "runtime", "NetDrop");
        CSharpCompilation compilation = CSharpCompilation.Create(
            "NetDrop",
            Sources(project),
            TestReferences.Framework,
            Options());
        var specs = new List<AdditionalText>();
        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (XElement item in XDocument.Load(Path.Combine(project, "NetDrop.csproj")).Descendants("AdditionalFiles"))
        {
            string path = Path.GetFullPath(((string)item.Attribute("Include")!).Replace("$(RepoRoot)", Root + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            specs.Add(new FileText(path));
            if ((string?)item.Attribute("NetDropNamespace") is { } ns)
            {
                namespaces[path] = ns;
            }
        }

        var generators = new List<ISourceGenerator> { new SpecGenerator().AsSourceGenerator() };
        generators.AddRange(SdkGenerators());
        GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, specs, ParseOptions, new NamespaceOptions(namespaces));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (CSharpCompilation)output;
    }

    private static CSharpCompilationOptions Options() => TestReferences.CompilationOptions;

    private static IEnumerable<SyntaxTree> Sources(string project) =>
        Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(project, path))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(path)), ParseOptions, path));

    private static bool IsBuildOutput(string project, string path)
    {
        string relative = Path.GetRelativePath(project, path).Replace('\\', '/');
        return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
    }

    /// <summary>The source generators the SDK's targeting pack gives every project (LibraryImport and friends).</summary>
    private static IEnumerable<ISourceGenerator> SdkGenerators()
    {
        string dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string? pack = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).Where(d => Path.GetFileName(d).StartsWith(Environment.Version.Major + ".", StringComparison.Ordinal)).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        string? folder = pack is null ? null : Path.Combine(pack, "analyzers", "dotnet", "cs");
        if (folder is null || !Directory.Exists(folder))
        {
            yield break;
        }

        var loader = new Loader();
        foreach (string path in Directory.GetFiles(folder, "*.dll"))
        {
            var reference = new AnalyzerFileReference(path, loader);
            foreach (ISourceGenerator generator in reference.GetGenerators(LanguageNames.CSharp))
            {
                yield return generator;
            }
        }
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Toolkit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Toolkit.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class FileText : AdditionalText
    {
        public FileText(string path) => Path = path;

        public override string Path { get; }

        public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path));
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    /// <summary>The build metadata the runtime's project gives its spec files (NetDropNamespace).</summary>
    private sealed class NamespaceOptions : AnalyzerConfigOptionsProvider
    {
        private readonly IReadOnlyDictionary<string, string> _namespaces;

        public NamespaceOptions(IReadOnlyDictionary<string, string> namespaces) => _namespaces = namespaces;

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(null);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Options(_namespaces.TryGetValue(textFile.Path, out string? ns) ? ns : null);

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly string? _namespace;

            public Options(string? ns) => _namespace = ns;

            public override bool TryGetValue(string key, out string value)
            {
                if (key == "build_metadata.AdditionalFiles.NetDropNamespace" && _namespace is not null)
                {
                    value = _namespace;
                    return true;
                }

                value = string.Empty;
                return false;
            }
        }
    }
}
