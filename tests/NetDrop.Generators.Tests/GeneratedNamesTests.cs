using System.Linq;

namespace NetDrop.Generators.Tests;

/// <summary>Spec names that would clash with what every generated view has still give code that compiles.</summary>
public sealed class GeneratedNamesTests
{
    [Fact]
    public void Attributes_named_like_view_members_get_a_suffix()
    {
        const string yaml = """
            name: clash
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: error
                    type: u32
                  -
                    name: parse
                    type: flag
                  -
                    name: unknown-count
                    type: u32
                  -
                    name: type
                    type: string
                  -
                    name: hash-code
                    type: string
                  -
                    name: to-string
                    type: binary
            """;

        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(yaml, "Test.Clash"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
        string attributes = run.Sources["test.Attributes.g.cs"];
        Assert.Contains("public readonly uint? ErrorAttribute =>", attributes);
        Assert.Contains("public readonly string? GetTypeAttribute() =>", attributes);
        Assert.Contains("public readonly string? GetHashCodeAttribute() =>", attributes);
        Assert.Contains("public readonly global::System.ReadOnlySpan<byte> ToStringAttribute =>", attributes);
    }

    [Fact]
    public void Csharp_keywords_in_kernel_names_are_escaped()
    {
        const string yaml = """
            name: words
            protocol: genetlink
            definitions:
              -
                name: fixed
                type: struct
                members:
                  -
                    name: event
                    type: u32
                  -
                    name: class
                    type: u16
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: namespace
                    type: u32
            """;

        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(yaml, "Test.Words"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
        Assert.Contains("public partial struct @fixed", run.Sources["test.Structs.g.cs"]);
        Assert.Contains("public uint @event;", run.Sources["test.Structs.g.cs"]);
    }
}
