using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The examples on docs/diagnostics/NDnnnn.md are real: the "Wrong" spec gets that diagnostic and
/// nothing else, the "Right" one generates code that compiles.
/// </summary>
public sealed class DiagnosticDocsTests
{
    private static readonly string[] AllIds = Enumerable.Range(1, 13).Select(n => $"ND{n:0000}").ToArray();

    public static TheoryData<string> Ids => new(AllIds);

    /// <summary>ND0010 means the generator itself failed; no spec is known to cause it, so its page has no Wrong example.</summary>
    public static TheoryData<string> IdsWithWrongExamples => new(AllIds.Where(id => id != "ND0010"));

    [Theory]
    [MemberData(nameof(IdsWithWrongExamples))]
    public void The_wrong_example_gets_the_diagnostic(string id)
    {
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(Example(id, "## Wrong"), "Test.Docs", $"/docs/{id}.yaml"));

        // An error generates nothing for its spec; the info ND0013 leaves the rest generated, and compiling.
        if (id == "ND0013")
        {
            Assert.NotEmpty(run.Sources);
            Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
        }
        else
        {
            Assert.Empty(run.Sources);
        }

        Assert.NotEmpty(run.GeneratorDiagnostics);
        Assert.All(run.GeneratorDiagnostics, diagnostic => Assert.Equal(id, diagnostic.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_right_example_generates_clean_code(string id)
    {
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(Example(id, "## Right"), "Test.Docs", $"/docs/{id}.yaml"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
    }

    [Fact]
    public void The_index_lists_every_page()
    {
        string index = File.ReadAllText(Path.Combine(DocsDirectory(), "README.md"));

        foreach (string id in AllIds)
        {
            Assert.Contains($"[{id}]({id}.md)", index);
        }
    }

    /// <summary>The first ```yaml block after <paramref name="heading"/> on the page.</summary>
    private static string Example(string id, string heading)
    {
        string page = File.ReadAllText(Path.Combine(DocsDirectory(), id + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        int section = page.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"{id}.md has no '{heading}' section.");
        int start = page.IndexOf("```yaml\n", section, StringComparison.Ordinal) + "```yaml\n".Length;
        int end = page.IndexOf("```", start, StringComparison.Ordinal);
        return page.Substring(start, end - start);
    }

    private static string DocsDirectory() =>
        Path.GetFullPath(Path.Combine(SnapshotAssert.Directory, "..", "..", "..", "docs", "diagnostics"));
}
