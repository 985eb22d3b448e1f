using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Every file the generator makes from the repository's specs, pinned as a snapshot, and proof that
/// it compiles cleanly against the runtime.
/// </summary>
public sealed class SnapshotTests
{
    /// <summary>
    /// The specs with the namespaces runtime/NetDrop/NetDrop.csproj gives them, so the snapshots read
    /// like obj/generated. netdev and devlink are not in the runtime: they get the default
    /// namespace, given explicitly because netdev.yaml leaves out protocol and so is only a spec
    /// when its project says so.
    /// </summary>
    public static TheoryData<string, string> Specs => new()
    {
        { "net_dm.yaml", "NetDrop.NetDm" },
        { "af_packet.yaml", "NetDrop.Packet" },
        { "drop_reasons.yaml", "NetDrop" },
        { "kernel/nlctrl.yaml", "NetDrop.Netlink.Control" },
        { "kernel/netdev.yaml", SpecGenerator.DefaultNamespace },
        { "kernel/devlink.yaml", SpecGenerator.DefaultNamespace },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void Generated_code_matches_snapshots(string spec, string @namespace)
    {
        GeneratorRun run = GeneratorHarness.Run(SpecInput.FromRepository(spec, @namespace));

        AssertGeneratedCleanly(run);
        string stem = Path.GetFileNameWithoutExtension(spec);
        var names = new List<string>();
        foreach (KeyValuePair<string, string> source in run.Sources)
        {
            // net_dm#net_dm.Attributes.g: the spec, then the hint name without .cs.
            string name = stem + "#" + Path.GetFileNameWithoutExtension(source.Key);
            names.Add(name);
            SnapshotAssert.Matches(name, source.Value);
        }

        SnapshotAssert.NoOthers(stem + "#", names);
    }

    public static TheoryData<string> SpecFiles => new(Specs.Select(row => (string)row[0]));

    [Theory]
    [MemberData(nameof(SpecFiles))]
    public void Generated_code_compiles_without_warnings(string spec)
    {
        // The runtime already holds the code of its specs in their own namespaces; a namespace of
        // the test's own keeps the two from being ambiguous.
        string testNamespace = "Test." + NetDrop.Ynl.YnlNames.Pascal(Path.GetFileNameWithoutExtension(spec));
        GeneratorRun run = GeneratorHarness.Run(SpecInput.FromRepository(spec, testNamespace));

        AssertGeneratedCleanly(run);
        Assert.Equal(run.Sources.Count, run.OutputCompilation.SyntaxTrees.Count());
        Assert.All(run.Sources.Values, source => Assert.Contains($"namespace {testNamespace};", source));
        Assert.True(
            run.CompilationDiagnostics.IsEmpty,
            "The generated code has errors or warnings:\n" + string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
    }

    private static void AssertGeneratedCleanly(GeneratorRun run)
    {
        Assert.Null(run.GeneratorException);
        Assert.True(
            run.GeneratorDiagnostics.IsEmpty,
            "The spec should generate without diagnostics:\n" + string.Join("\n", run.GeneratorDiagnostics.Select(d => d.ToString())));
        Assert.NotEmpty(run.Sources);
    }
}
