using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetDrop.Analyzers.Tests.Harness;

// Kept apart from RepoCompilation.cs, which the analyzer benchmark links without System.CommandLine.
internal static partial class RepoCompilation
{
    /// <summary>tools/NetDrop.Cli compiled against the runtime compilation.</summary>
    public static CSharpCompilation Tools(CSharpCompilation runtime) => CSharpCompilation.Create(
        "NetDrop.Cli",
        Sources(Path.Combine(Root, "tools", "NetDrop.Cli")),
        TestReferences.Framework
            .Add(runtime.ToMetadataReference())
            .Add(MetadataReference.CreateFromFile(typeof(System.CommandLine.RootCommand).Assembly.Location)),
        Options().WithOutputKind(OutputKind.ConsoleApplication));
}
