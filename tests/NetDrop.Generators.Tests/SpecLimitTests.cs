using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Specs made to cost the compiler minutes or gigabytes (issue 15) get ND0012 in well under a second:
/// a billion laughs of aliases, aliases used as mapping keys (2^28 steps of hashing before the limit), an alias
/// of a long scalar copied into generated code, and a file past the size limit. Specs under the limits,
/// anchors and aliases included, still generate.
/// </summary>
public sealed class SpecLimitTests
{
    private const string Path = "/specs/hostile.yaml";
    private const string Header = "name: test\nprotocol: genetlink\ndoc: x\n";

    /// <summary>Far below the minutes these specs took before the limits; a loaded CI machine stays well within it.</summary>
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_billion_laughs_is_ND0012_at_the_alias_that_passes_the_limit()
    {
        // Nine levels of ten aliases of the level below: 10^9 scalars once expanded.
        var yaml = new StringBuilder(Header).Append("extra:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 10; level++)
        {
            yaml.Append(CultureInfo($"  - &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n"));
        }

        DiagnosticInfo diagnostic = Single(yaml.ToString(), out TimeSpan time);

        Assert.Equal("With its aliases expanded the spec passes 100000 nodes here; write the entries out, or use fewer aliases of aliases", diagnostic.Arguments.Single());
        // Levels hold 11, 111, 1,111 and 11,111 nodes; the eighth *l3 inside l4 takes the total past 100,000.
        string text = yaml.ToString();
        int at = text.IndexOf("&l4", StringComparison.Ordinal);
        for (int alias = 0; alias < 8; alias++)
        {
            at = text.IndexOf("*l3", at + 1, StringComparison.Ordinal);
        }

        Assert.Equal(at, diagnostic.Location.Start);
        Assert.True(time < Quickly, $"{time.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void An_alias_as_key_bomb_is_ND0012_not_minutes_of_hashing()
    {
        // Each level is a mapping whose two keys are the level below: hashing a key walks every alias
        // inside it, so loading 28 levels costs 2^28 steps; the spec is under a kilobyte (issue 15's took
        // 97 s from 636 bytes).
        var yaml = new StringBuilder("name: t\nprotocol: genetlink\nx:\n- &a0 {a: b}\n");
        for (int level = 1; level <= 28; level++)
        {
            yaml.Append(CultureInfo($"- &a{level} {{? *a{level - 1} : 1, ? [*a{level - 1}] : 2}}\n"));
        }

        Assert.True(yaml.Length < 1024, $"{yaml.Length} bytes");
        DiagnosticInfo diagnostic = Single(yaml.ToString(), out TimeSpan time);

        Assert.StartsWith("With its aliases expanded the spec passes 100000 nodes here", diagnostic.Arguments.Single(), StringComparison.Ordinal);
        Assert.True(time < Quickly, $"{time.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Aliases_of_a_long_scalar_are_ND0012_before_they_are_copied_into_code()
    {
        // 2,000 uses of a 1,000-character doc: 2 MB of text in the generated source.
        string text = new('d', 1_000);
        var yaml = new StringBuilder(Header).Append(CultureInfo($"extra: &long {text}\nattribute-sets:\n  -\n    name: main\n    attributes:\n"));
        for (int i = 0; i < 2_000; i++)
        {
            yaml.Append(CultureInfo($"      - {{name: a{i}, type: u32, doc: *long}}\n"));
        }

        DiagnosticInfo diagnostic = Single(yaml.ToString(), out TimeSpan time);

        Assert.Equal("With its aliases expanded the spec passes 1048576 characters of text here; write the entries out, or use fewer aliases of aliases", diagnostic.Arguments.Single());
        Assert.True(time < Quickly, $"{time.TotalMilliseconds:0} ms");
    }

    [Theory]
    [InlineData(SpecLimits.MaxLength, false)]
    [InlineData(SpecLimits.MaxLength + 1, true)]
    public void A_spec_is_at_most_a_mebibyte(int length, bool refused)
    {
        string yaml = Header + "# " + new string('x', length - Header.Length - 3) + "\n";
        Assert.Equal(length, yaml.Length);

        SpecParseResult result = SpecParser.Parse(Path, yaml, "Test.Specs");

        if (!refused)
        {
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticDescriptors.SpecTooLarge.Id);
            return;
        }

        DiagnosticInfo diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("ND0012", diagnostic.Id);
        Assert.Equal(CultureInfo($"The spec is {length} characters; a spec may have at most 1048576"), diagnostic.Arguments.Single());
        Assert.Equal(0, diagnostic.Location.Start);
    }

    [Theory]
    [InlineData(SpecLimits.MaxExpandedNodes, false)]
    [InlineData(SpecLimits.MaxExpandedNodes + 1, true)]
    public void Aliases_may_expand_a_spec_to_100000_nodes(int nodes, bool refused)
    {
        // The header's mapping and six scalars, "extra", its sequence, the anchored sequence with its
        // items, then aliases of it to make up the count.
        const int Fixed = 1 + 6 + 1 + 1;
        const int Anchored = 1 + 99;
        int aliases = (nodes - Fixed - Anchored) / Anchored;
        int rest = nodes - Fixed - Anchored - (aliases * Anchored);
        string yaml = Header + "extra:\n  - &a [" + string.Join(", ", Enumerable.Repeat("x", 99)) + "]\n"
            + string.Concat(Enumerable.Repeat("  - *a\n", aliases)) + string.Concat(Enumerable.Repeat("  - y\n", rest));

        SpecParseResult result = SpecParser.Parse(Path, yaml, "Test.Specs");

        Assert.Equal(refused, result.Diagnostics.Any(d => d.Id == DiagnosticDescriptors.SpecTooLarge.Id));
    }

    [Fact]
    public void The_shipped_specs_are_far_below_the_limits_and_still_generate()
    {
        GeneratorRun run = GeneratorHarness.Run(
            SpecInput.FromRepository("net_dm.yaml", "Test.Specs"),
            SpecInput.FromRepository("af_packet.yaml", "Test.Specs"),
            SpecInput.FromRepository("drop_reasons.yaml", "Test.Specs"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
    }

    [Fact]
    public void A_bomb_in_a_project_is_one_compiler_error_and_the_build_goes_on()
    {
        var yaml = new StringBuilder(Header).Append("extra:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 10; level++)
        {
            yaml.Append(CultureInfo($"  - &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n"));
        }

        var time = Stopwatch.StartNew();
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(yaml.ToString(), path: Path));

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ND0012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(run.Sources);
        Assert.True(time.Elapsed < Quickly, $"{time.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void The_page_has_an_example_of_each_and_the_index_lists_it()
    {
        string directory = System.IO.Path.GetFullPath(System.IO.Path.Combine(SnapshotAssert.Directory, "..", "..", "..", "docs", "diagnostics"));
        string page = File.ReadAllText(System.IO.Path.Combine(directory, "ND0012.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.StartsWith("# ND0012: Spec is too large to read\n", page, StringComparison.Ordinal);
        Assert.Contains("[ND0012](ND0012.md)", File.ReadAllText(System.IO.Path.Combine(directory, "README.md")), StringComparison.Ordinal);
        foreach (string limit in new[] { "1,048,576 characters", "100,000 nodes", "1,048,576 characters of scalars" })
        {
            Assert.Contains(limit, page, StringComparison.Ordinal);
        }

        string right = page[(page.IndexOf("\n## Right\n", StringComparison.Ordinal) + 1)..];
        right = right[(right.IndexOf("```yaml\n", StringComparison.Ordinal) + 8)..];
        right = right[..right.IndexOf("```", StringComparison.Ordinal)];
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(right, "Test.Docs", "/docs/ND0012.yaml"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
    }

    [Theory]
    // An alias inside the node it names: loading makes a mapping that is its own key, and hashing it
    // recursed until the stack overflowed, killing the compiler (found by the spec fuzz target).
    [InlineData("x:\n- &a0 {a: b}\n- &a0 {? *a0 : 1}\n", "*a0", "The alias *a0 is inside the node it names, which would make the spec infinite; write the entries out")]
    [InlineData("x: &top\n  y: [*top]\n", "*top", "The alias *top is inside the node it names, which would make the spec infinite; write the entries out")]
    [InlineData("x: {? [a, b] : 1}\n", "[a", "A mapping key must be text, not a mapping or a sequence")]
    [InlineData("x: {? {a: b} : 1}\n", "{a", "A mapping key must be text, not a mapping or a sequence")]
    [InlineData("x:\n- &m {a: b}\n- {? *m : 1}\n", "*m :", "A mapping key must be text, not an alias of a mapping or a sequence (*m)")]
    public void A_key_that_is_not_text_is_ND0001_before_loading(string body, string at, string message)
    {
        string yaml = "name: t\nprotocol: genetlink\n" + body;

        SpecParseResult result = SpecParser.Parse(Path, yaml, "Test.Specs");

        Assert.Null(result.Model);
        DiagnosticInfo diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.YamlSyntax.Id, diagnostic.Id);
        Assert.Equal(message, diagnostic.Arguments.Single());
        Assert.Equal(yaml.IndexOf(at, StringComparison.Ordinal), diagnostic.Location.Start);
    }

    [Fact]
    public void Aliases_of_text_as_keys_and_of_collections_as_values_still_load()
    {
        // The kernel's specs anchor collections and use them as values; an aliased scalar as a key is plain YAML.
        string yaml = Header + "definitions:\n  - &e {name: one, type: enum, entries: [a, b]}\n" +
            "extra: {&k key: 1}\nmore: {*k : 2}\nagain: [*e]\n";

        SpecParseResult result = SpecParser.Parse(Path, yaml, "Test.Specs");

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticDescriptors.YamlSyntax.Id);
    }

    private static DiagnosticInfo Single(string yaml, out TimeSpan time)
    {
        var clock = Stopwatch.StartNew();
        SpecParseResult result = SpecParser.Parse(Path, yaml, "Test.Specs");
        time = clock.Elapsed;

        Assert.Null(result.Model);
        DiagnosticInfo diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.SpecTooLarge.Id, diagnostic.Id);
        return diagnostic;
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
