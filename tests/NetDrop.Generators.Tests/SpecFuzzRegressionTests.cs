using System.Linq;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Tests;

/// <summary>
/// YAML that made YamlDotNet throw ArgumentException, which the parser reported as ND0010 (its own
/// failure) until it learned to read it as the spec's syntax error. Each was found by fuzzing
/// (fuzz/run.sh spec); AFL's inputs are in testdata/fuzz/spec, byte for byte as the first case of each.
/// </summary>
public sealed class SpecFuzzRegressionTests
{
    private const string Path = "/specs/fuzzed.yaml";

    [Theory]
    [InlineData("!!+)+)", "Global tags must be valid URIs")]
    [InlineData("name: test\nprotocol: genetlink\ndoc: !!+) text\n", "Global tags must be valid URIs")]
    [InlineData("# : \uFFFD\n  : il\u0001\n", "unsupported type")]
    [InlineData("# a comment\n  : value\n", "unsupported type")]
    public void Yaml_the_library_rejects_with_ArgumentException_is_ND0001_not_ND0010(string yaml, string fragment)
    {
        SpecParseResult result = SpecParser.Parse(Path, yaml, "Test.Specs");

        Assert.Null(result.Model);
        DiagnosticInfo diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.YamlSyntax.Id, diagnostic.Id);
        Assert.Contains(fragment, diagnostic.Arguments.Single(), System.StringComparison.Ordinal);
        Assert.InRange(diagnostic.Location.Start, 0, yaml.Length);
        Assert.InRange(diagnostic.Location.End, diagnostic.Location.Start, yaml.Length);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Yaml_nested_thousands_deep_is_ND0001_not_a_stack_overflow_of_the_compiler(string open, string close)
    {
        // Found by reading the loader after fuzzing its neighbours: YamlDotNet recurses per level, and
        // 50,000 levels overflowed the stack, killing the process (AFL's inputs stay too small to get there).
        // "- - - x" nests block sequences on one line.
        string nest = string.Concat(Enumerable.Repeat(open, 50_000)) + (close.Length == 0 ? "x" : string.Concat(Enumerable.Repeat(close, 50_000)));
        string yaml = "name: test\nprotocol: genetlink\ndoc: x\nextra:\n  " + nest + "\n";

        SpecParseResult result = SpecParser.Parse(Path, yaml, "Test.Specs");

        DiagnosticInfo diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticDescriptors.YamlSyntax.Id, diagnostic.Id);
        Assert.Contains("more than 64 deep", diagnostic.Arguments.Single(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_nested_64_deep_still_loads()
    {
        string yaml = "name: test\nprotocol: genetlink\ndoc: x\nextra: " + new string('[', 63) + new string(']', 63) + "\n";

        SpecParseResult result = SpecParser.Parse(Path, yaml, "Test.Specs");

        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == DiagnosticDescriptors.YamlSyntax.Id);
    }
}
