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
}
