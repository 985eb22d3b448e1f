using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Each spec error is reported with its ID, a message that says what is wrong, and the zero-based
/// line and column of the YAML node at fault; and a spec with an error generates nothing.
/// </summary>
public sealed class SpecDiagnosticsTests
{
    private const string Path = "/specs/test.yaml";

    /// <summary>(case, spec, ID, message fragment, line, column): one small spec per way to get each diagnostic.</summary>
    public static TheoryData<string, string, string, string, int, int> Cases => new()
    {
        {
            "YAML syntax: a mapping inside a plain scalar",
            """
            name: test
            protocol: genetlink
            doc: a: b
            """,
            "ND0001", "found invalid mapping", 2, 6
        },
        {
            "YAML syntax: a flow sequence left open",
            """
            name: test
            protocol: genetlink
            doc: [unclosed
            attribute-sets: []
            """,
            "ND0001", "left open", 2, 5
        },
        {
            "YAML syntax: a key given twice",
            """
            name: test
            name: again
            protocol: genetlink
            """,
            "ND0001", "Duplicate key", 1, 0
        },
        {
            "missing name",
            """
            protocol: genetlink
            doc: A spec without a name.
            """,
            "ND0002", "The spec needs the key 'name'", 0, 0
        },
        {
            "missing attribute type",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: ifindex
            """,
            "ND0002", "Attribute 'ifindex' needs the key 'type'", 7, 8
        },
        {
            "unknown protocol",
            """
            name: test
            protocol: rtnetlink
            """,
            "ND0003", "Protocol 'rtnetlink' is not one NetDrop generates code for", 1, 10
        },
        {
            "unknown attribute type",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: ifindex
                    type: u128
            """,
            "ND0004", "'u128' is not a known attribute type", 8, 14
        },
        {
            "unknown definition type",
            """
            name: test
            protocol: genetlink
            definitions:
              -
                name: thing
                type: union
            """,
            "ND0004", "'union' is not a known definition type", 5, 10
        },
        {
            "duplicate attribute set name",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: ifindex
                    type: u32
              -
                name: main
                attributes: []
            """,
            "ND0005", "Attribute set 'main' is defined twice (first at line 5)", 10, 10
        },
        {
            "duplicate enum value",
            """
            name: test
            protocol: genetlink
            definitions:
              -
                name: mode
                type: enum
                entries:
                  -
                    name: fast
                    value: 1
                  -
                    name: quick
                    value: 1
            """,
            "ND0006", "Entry 'quick' has the value 1, which 'fast' already has", 11, 8
        },
        {
            "duplicate attribute value",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: ifindex
                    type: u32
                    value: 3
                  -
                    name: ifname
                    type: string
                    value: 3
            """,
            "ND0006", "Attribute 'ifname' has the value 3, which 'ifindex' already has", 11, 8
        },
        {
            "dangling nested-attributes",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: port
                    type: nest
                    nested-attributes: nowhere
            """,
            "ND0007", "Attribute set 'nowhere' is not defined in this spec", 9, 27
        },
        {
            "dangling enum",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: mode
                    type: u8
                    enum: nowhere
            """,
            "ND0007", "Enum 'nowhere' is not defined in this spec", 9, 14
        },
        {
            "dangling struct",
            """
            name: test
            protocol: genetlink
            definitions:
              -
                name: stats
                type: struct
                members:
                  -
                    name: inner
                    type: struct
                    struct: nowhere
            """,
            "ND0007", "Struct 'nowhere' is not defined in this spec", 10, 16
        },
        {
            "dangling subset-of",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: part
                subset-of: nowhere
                attributes:
                  -
                    name: ifindex
            """,
            "ND0007", "Attribute set 'nowhere' is not defined in this spec", 5, 15
        },
        {
            "dangling operation attribute set",
            """
            name: test
            protocol: genetlink
            operations:
              list:
                -
                  name: get
                  attribute-set: nowhere
            """,
            "ND0007", "Attribute set 'nowhere' is not defined in this spec", 6, 21
        },
        {
            "non-integer value",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: ifindex
                    type: u32
                    value: ten
            """,
            "ND0008", "'value' must be an integer (decimal or 0x hex), not 'ten'", 9, 15
        },
        {
            "attribute value out of range",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: ifindex
                    type: u32
                    value: 0x4000
            """,
            "ND0008", "attribute 'ifindex' has value 16384; netlink attribute types are 0 to 16383", 9, 15
        },
        {
            "attributes that are not a list",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes: 5
            """,
            "ND0009", "'attributes' must be a list", 5, 16
        },
        {
            "a drop reason's kernels entry without a number",
            """
            name: test
            protocol: netdrop-drop-reasons
            definitions:
              -
                name: skb-drop-reason-subsys
                type: enum
                entries: [core]
              -
                name: skb-drop-reason
                type: enum
                drop-reason-catalog: true
                entries:
                  -
                    name: no-socket
                    kernels: { "6.1": 2, "6.18": three }
                    subsystem: core
            """,
            "ND0009", "'kernels entry' must be a kernel version with the kernel's number for the reason (\"6.1\": 2)", 14, 29
        },
        {
            "a spec that is a list",
            "[]",
            "ND0009", "'test.yaml' must be a YAML mapping with name, protocol and definitions", 0, 0
        },
        {
            "a spec that is a scalar",
            "just a scalar",
            "ND0009", "'test.yaml' must be a YAML mapping with name, protocol and definitions", 0, 0
        },
        {
            "a csharp-name that is not an identifier",
            """
            name: test
            protocol: genetlink
            definitions:
              -
                name: mode
                type: enum
                csharp-name: "x; class Pwned {"
                entries: [ a ]
            """,
            "ND0011", "The csharp-name of enum \"mode\" gives the C# name \"x; class Pwned {\", which is not a C# identifier", 6, 17
        },
        {
            "aliases of aliases: the eighth *d inside &e takes the spec past 100,000 nodes",
            """
            name: test
            protocol: genetlink
            extra:
              - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
              - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
              - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
              - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
              - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            """,
            "ND0012", "With its aliases expanded the spec passes 100000 nodes here", 7, 36
        },
    };

    /// <summary>
    /// What pyynl accepts in the kernel's specs but NetDrop does not use yet: ND0013, an info, where it
    /// is, and the rest of the spec generated and compiling.
    /// </summary>
    public static TheoryData<string, string, string, string, int, int> NotUsedCases => new()
    {
        {
            "an operation attribute its set lacks (nl80211's ht-capability-mask)",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: ifindex
                    type: u32
            operations:
              list:
                -
                  name: get
                  attribute-set: main
                  do:
                    request:
                      attributes:
                        - ifindex
                        - ifname
            """,
            "ND0013", "Operation 'get' lists the attribute 'ifname', which its attribute set 'main' does not define", 18, 14
        },
        {
            "an attribute named twice in a set (ethtool's strings)",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: ifindex
                    type: u32
                  -
                    name: ifindex
                    type: u64
            """,
            "ND0013", "Attribute 'ifindex' of set 'main' is listed again (first at line 8)", 10, 14
        },
        {
            "an attribute's struct the spec lacks (tc's tc-u32-mark)",
            """
            name: test
            protocol: genetlink
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: stats
                    type: binary
                    struct: nowhere
            """,
            "ND0013", "Attribute 'stats' names the struct 'nowhere', which the spec does not define, so it is read as bytes", 9, 16
        },
    };

    [Theory]
    [MemberData(nameof(NotUsedCases))]
    public void Reports_what_is_not_used_yet_and_generates_the_rest(string @case, string yaml, string id, string fragment, int line, int column)
    {
        _ = @case;
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(yaml, path: Path));

        Assert.Null(run.GeneratorException);
        Assert.NotEmpty(run.Sources);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        AssertDiagnostic(diagnostic, id, fragment, line, column);
    }

    /// <summary>
    /// A key that is not a scalar in a *-by-version map (YAML's "? [v3]" complex key) makes the
    /// parser throw once (an InvalidCastException reported as ND0010); it is ND0009 now.
    /// </summary>
    private const string ComplexKeySpec = """
        name: test
        protocol: netdrop-socket
        definitions:
          -
            name: tpacket-versions
            type: enum
            entries: [v1, v2, v3]
        levels:
          -
            name: sol-packet
            value: 263
        socket-options:
          level: sol-packet
          list:
            -
              name: statistics
              value: 6
              get: int
              get-by-version:
                ? [v3]
                : int
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_error_where_it_is(string @case, string yaml, string id, string fragment, int line, int column)
    {
        _ = @case; // Only names the row in test listings.
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(yaml, path: Path));

        Assert.Null(run.GeneratorException);
        Assert.Empty(run.Sources);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        AssertDiagnostic(diagnostic, id, fragment, line, column);
    }

    [Fact]
    public void Every_descriptor_has_a_case()
    {
        var covered = new HashSet<string>(Cases.Select(row => (string)row[2]).Concat(NotUsedCases.Select(row => (string)row[2]))) { DiagnosticDescriptors.GeneratorFailure.Id };
        IEnumerable<string> all = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id);

        Assert.Equal(all.OrderBy(id => id), covered.OrderBy(id => id));
    }

    [Fact]
    public void Every_descriptor_is_an_error_with_a_help_page()
    {
        foreach (FieldInfo field in typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var descriptor = (DiagnosticDescriptor)field.GetValue(null)!;

            // ND0013 alone is an info: what it names is left out, the rest of the spec is generated.
            Assert.Equal(descriptor.Id == DiagnosticDescriptors.NotUsedYet.Id ? DiagnosticSeverity.Info : DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.Equal(DiagnosticDescriptors.HelpLinkBase + descriptor.Id + ".md", descriptor.HelpLinkUri);
            Assert.DoesNotContain("github.com/netdrop", descriptor.HelpLinkUri, System.StringComparison.Ordinal);
            Assert.Same(descriptor, DiagnosticCatalog.Find(descriptor.Id));
            Assert.True(
                System.IO.File.Exists(System.IO.Path.Combine(RepositoryRoot(), "docs", "diagnostics", descriptor.Id + ".md")),
                $"docs/diagnostics/{descriptor.Id}.md is missing");
        }
    }

    [Fact]
    public void A_version_key_that_is_not_text_is_ND0001_where_it_is()
    {
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(ComplexKeySpec, path: Path));

        Assert.Null(run.GeneratorException);
        Assert.Empty(run.Sources);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        (int line, int column) = PositionOf(ComplexKeySpec, "[v3]");
        // Every mapping key must be text, checked before loading (a collection key can make loading recurse).
        AssertDiagnostic(diagnostic, "ND0001", "A mapping key must be text", line, column);
    }

    [Fact]
    public void Value_in_on_an_option_that_cannot_be_read_is_ND0008_where_it_is()
    {
        const string Spec = """
            name: test
            protocol: netdrop-socket
            levels:
              -
                name: sol-packet
                value: 263
            socket-options:
              level: sol-packet
              list:
                -
                  name: reserve
                  value: 12
                  set: u32
                  value-in: true
            """;
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(Spec, path: Path));

        Assert.Null(run.GeneratorException);
        Assert.Empty(run.Sources);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        (int line, int column) = PositionOf(Spec, "true");
        AssertDiagnostic(diagnostic, "ND0008", "has 'value-in' but no 'get'", line, column);
    }

    [Fact]
    public void SpecParser_Parse_turns_a_fault_of_its_own_into_ND0010()
    {
        // No spec text makes the parser throw any more; a null text stands in for an internal fault.
        SpecParseResult result = SpecParser.Parse(Path, null!, "Test.Specs");

        Assert.Null(result.Model);
        DiagnosticInfo diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("ND0010", diagnostic.Id);
        Assert.StartsWith("ArgumentNullException: ", diagnostic.Arguments[0]);
        Assert.Equal(new SpecLocation(Path, 0, 0, 0, 0, 0, 0), diagnostic.Location);
    }

    private static (int Line, int Column) PositionOf(string text, string fragment)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int column = lines[i].IndexOf(fragment, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (i, column);
            }
        }

        throw new ArgumentException($"'{fragment}' is not in the spec", nameof(fragment));
    }

    [Fact]
    public void Errors_in_one_spec_leave_the_others_generated()
    {
        GeneratorRun run = GeneratorHarness.Run(
            SpecInput.Inline("name: broken\nprotocol: rtnetlink\n", path: "/specs/broken.yaml"),
            SpecInput.FromRepository("net_dm.yaml", "Test.NetDm"));

        Assert.Equal("ND0003", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Contains("net_dm.Family.g.cs", run.Sources.Keys);
        Assert.DoesNotContain(run.Sources.Keys, hint => hint.StartsWith("broken", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task Yaml_without_namespace_or_known_protocol_is_ignored()
    {
        const string yaml = """
            # Some other tool's YAML in the same project.
            name: not-a-spec
            steps: [build, test]
            """;

        // The generator test expects exactly the generated files and diagnostics listed: here none of either.
        await new GeneratorVerifier { TestState = { AdditionalFiles = { ("/ci/pipeline.yaml", yaml) } } }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Broken_yaml_without_namespace_or_protocol_is_ignored_too()
    {
        await new GeneratorVerifier { TestState = { AdditionalFiles = { (Path, "steps: [unclosed\nname: a: b\n") } } }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Non_yaml_additional_files_are_ignored()
    {
        // With the namespace its project would give a spec, so only the extension keeps it out.
        await new GeneratorVerifier
        {
            TestState =
            {
                AdditionalFiles = { ("/specs/test.json", "name: test\nprotocol: rtnetlink\n") },
                AnalyzerConfigFiles = { ("/.globalconfig", "is_global = true\n\n[/specs/test.json]\nbuild_metadata.AdditionalFiles.NetDropNamespace = Test.Specs\n") },
            },
        }.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("/specs/test.yaml")]
    [InlineData("/specs/test.yml")]
    [InlineData("/specs/TEST.YAML")]
    public void A_spec_with_a_known_protocol_and_no_namespace_goes_to_NetDrop_Specs(string path)
    {
        const string yaml = """
            name: tiny
            protocol: genetlink
            definitions:
              -
                name: limit
                type: const
                value: 7
            """;

        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(yaml, @namespace: null, path: path));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(2, run.Sources.Count);
        Assert.All(run.Sources.Values, source => Assert.Contains($"namespace {SpecGenerator.DefaultNamespace};", source));
        Assert.Contains("public const int LIMIT = 7;", run.Sources.Single(pair => pair.Key.EndsWith(".Definitions.g.cs", System.StringComparison.Ordinal)).Value);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void A_spec_without_protocol_is_genetlink_when_its_project_gives_a_namespace()
    {
        // The kernel's netdev.yaml has no protocol: YNL's default is genetlink.
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline("name: tiny\nmcast-groups:\n  list:\n    - name: mgmt\n", @namespace: "Test.Tiny"));

        Assert.Empty(run.GeneratorDiagnostics);
        string family = run.Sources["test.Family.g.cs"];
        Assert.Contains("namespace Test.Tiny;", family);
        Assert.Contains("public const string Mgmt = \"mgmt\";", family);
    }

    [Fact]
    public void A_namespace_is_trimmed()
    {
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline("name: tiny\nprotocol: genetlink\n", @namespace: "  Test.Padded  "));

        Assert.Contains("namespace Test.Padded;", run.Sources["test.Family.g.cs"]);
    }

    private static void AssertDiagnostic(Diagnostic diagnostic, string id, string fragment, int line, int column)
    {
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.True(
            diagnostic.Id == id && message.Contains(fragment, System.StringComparison.Ordinal) && span.StartLinePosition.Line == line && span.StartLinePosition.Character == column,
            $"Expected {id} at ({line},{column}) containing \"{fragment}\"; got {diagnostic.Id} at ({span.StartLinePosition.Line},{span.StartLinePosition.Character}): {message}");
        Assert.Equal(id == DiagnosticDescriptors.NotUsedYet.Id ? DiagnosticSeverity.Info : DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(Path, span.Path);
    }

    private static string RepositoryRoot() =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(SnapshotAssert.Directory, "..", "..", ".."));
}
