using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetDrop.Generators.Tests;

/// <summary>
/// A spec is text from outside the build: whatever its docs and names hold, the generated code is the
/// code NetDrop writes, or the spec gets a diagnostic. Docs carrying every line terminator C# knows
/// stay inside their comments (and string literals); a name that is not an identifier is ND0011.
/// </summary>
public sealed class HostileSpecTests
{
    /// <summary>YAML escapes for each sequence that ends a line in C#: CRLF, CR, LF, NEL, LS, PS.</summary>
    public static TheoryData<string> LineTerminators => new() { "\\r\\n", "\\r", "\\n", "\\N", "\\L", "\\P" };

    [Theory]
    [MemberData(nameof(LineTerminators))]
    public void A_doc_that_ends_its_line_stays_in_the_comment(string terminator)
    {
        string doc = "\"Drops." + terminator + "}" + terminator + "class Pwned{ }" + terminator + "/* */ </summary> &\"";
        GeneratorRun run = GeneratorHarness.Run(
            new[]
            {
                SpecInput.Inline(FamilySpec.Replace("$DOC", doc, StringComparison.Ordinal), "Hostile.Family", "/specs/family.yaml"),
                SpecInput.Inline(DropReasonSpec.Replace("$DOC", doc, StringComparison.Ordinal), "Hostile.Reasons", "/specs/reasons.yaml"),
                SpecInput.Inline(SocketSpec.Replace("$DOC", doc, StringComparison.Ordinal), "Hostile.Sockets", "/specs/sockets.yaml"),
            });

        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
        Assert.Equal(
            new[] { "family.Attributes.g.cs", "family.Client.g.cs", "family.Definitions.g.cs", "family.Family.g.cs", "family.Structs.g.cs", "reasons.Definitions.g.cs", "sockets.Definitions.g.cs", "sockets.SocketOptionAccessors.g.cs", "sockets.SocketOptions.g.cs" },
            run.Sources.Keys);
        foreach (KeyValuePair<string, string> source in run.Sources)
        {
            // The text is there, as documentation: every doc of the spec was written.
            Assert.Contains("class Pwned{ }", source.Value, StringComparison.Ordinal);
            AssertNoPwnedType(source.Key, source.Value);
        }

        // The catalogue's descriptions are string literals: the terminators are escapes there.
        string reasons = run.Sources["reasons.Definitions.g.cs"];
        Assert.Contains("Pwned", reasons[reasons.IndexOf("Description(", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    /// <summary>(case, spec, line, column of the name at fault) for names that cannot become identifiers.</summary>
    public static TheoryData<string, string, int, int> BadNames => new()
    {
        { "a csharp-name with code in it", Enum("csharp-name: \"x; class Pwned {\""), 6, 17 },
        { "a csharp-name that starts with a digit", Enum("csharp-name: 1Mode"), 6, 17 },
        { "a csharp-name that is a keyword", Enum("csharp-name: int"), 6, 17 },
        { "a csharp-name with a space", Enum("csharp-name: Alert Mode"), 6, 17 },
        { "a csharp-name with a bidirectional override", Enum("csharp-name: \"Mode\\u202Eedom\""), 6, 17 },
        { "a csharp-name with a line break", Enum("csharp-name: \"Mode\\r}class Pwned{\""), 6, 17 },
        { "an enum entry with a space (its C name keeps it)", Enum("entries: [ \"alert mode\" ]", csharpName: false), 6, 15 },
        { "an enum entry with code in it", Enum("entries: [ \"a{}class Pwned{\" ]", csharpName: false), 6, 15 },
        { "an enum-name with a line break", Enum("enum-name: \"mode\\u2028class Pwned\"", csharpName: false), 6, 15 },
        { "a spec name with code in it", "name: \"t{}class Pwned{\"\nprotocol: genetlink\n", 0, 6 },
        { "an attribute name with code in it", Attribute("name: \"x; class Pwned {\""), 7, 14 },
        { "an attribute name-prefix with a line break", "name: test\nprotocol: genetlink\nattribute-sets:\n  -\n    name: main\n    name-prefix: \"a\\rclass Pwned\"\n    attributes:\n      -\n        name: ifindex\n        type: u32\n", 8, 14 },
        { "a struct c-name with code in it", "name: test\nprotocol: genetlink\ndefinitions:\n  -\n    name: s\n    type: struct\n    c-name: \"s{}class Pwned\"\n    members:\n      -\n        name: a\n        type: u32\n", 6, 12 },
        { "a struct member with a space", "name: test\nprotocol: genetlink\ndefinitions:\n  -\n    name: s\n    type: struct\n    members:\n      -\n        name: a b\n        type: u32\n", 8, 14 },
        { "an operation name with code in it", "name: test\nprotocol: genetlink\noperations:\n  list:\n    -\n      name: \"get;class Pwned{\"\n      value: 1\n      do: {}\n", 5, 12 },
        { "a multicast group with code in it", "name: test\nprotocol: genetlink\nmcast-groups:\n  list:\n    -\n      name: \"a=1;class Pwned{\"\n", 5, 12 },
        { "a socket option c-name that is a keyword", SocketOption("c-name: int"), 11, 14 },
        { "a socket option with code in its name", SocketOption("name: \"x;class Pwned{\"", named: false), 10, 12 },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void A_name_that_is_not_an_identifier_is_ND0011_where_it_is(string @case, string yaml, int line, int column)
    {
        _ = @case; // Only names the row in test listings.
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(yaml));

        Assert.Null(run.GeneratorException);
        Assert.Empty(run.Sources);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ND0011", diagnostic.Id);
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal((line, column), (span.StartLinePosition.Line, span.StartLinePosition.Character));

        // The name is shown escaped, so the message is one line whatever the name holds.
        Assert.DoesNotContain('\r', diagnostic.GetMessage());
        Assert.DoesNotContain('\u2028', diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("Test.class")]
    [InlineData("Test Specs")]
    [InlineData("Test.Specs;class Pwned{}namespace X")]
    [InlineData("Test..Specs")]
    public void A_namespace_that_is_not_dotted_identifiers_is_ND0011(string ns)
    {
        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(Enum("csharp-name: Mode"), ns));

        Assert.Empty(run.Sources);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ND0011", diagnostic.Id);
        Assert.Contains("NetDropNamespace", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>Names the emitter escapes or rewrites as before: C keywords get an @, a kebab name with a leading digit an _.</summary>
    [Fact]
    public void Names_the_emitter_can_write_still_generate_code_that_compiles()
    {
        const string spec = """
            name: test
            protocol: genetlink
            definitions:
              -
                name: event
                type: struct
                members:
                  -
                    name: fixed
                    type: u32
                  -
                    name: class
                    type: u16
              -
                name: mode
                type: enum
                entries: [ 802-1q, truncate ]
            attribute-sets:
              -
                name: main
                attributes:
                  -
                    name: if-index
                    type: u32
            operations:
              list:
                -
                  name: get
                  value: 1
                  attribute-set: main
                  do:
                    request:
                      attributes: [ if-index ]
            """;

        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(spec));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
        Assert.Contains("public partial struct @event", run.Sources["test.Structs.g.cs"], StringComparison.Ordinal);
        Assert.Contains("public uint @fixed;", run.Sources["test.Structs.g.cs"], StringComparison.Ordinal);
        Assert.Contains("_8021q = 0,", run.Sources["test.Definitions.g.cs"], StringComparison.Ordinal);
    }

    private static void AssertNoPwnedType(string hintName, string source)
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot();
        IEnumerable<string> types = root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(type => type.Identifier.ValueText);
        Assert.DoesNotContain("Pwned", types);

        // Outside comments and string literals, the text never mentions it.
        IEnumerable<SyntaxToken> code = root.DescendantTokens().Where(token => !token.IsKind(SyntaxKind.StringLiteralToken));
        Assert.DoesNotContain(code, token => token.ValueText.Contains("Pwned", StringComparison.Ordinal));
        Assert.False(root.ContainsDiagnostics, hintName + " does not parse cleanly");
    }

    private static string Enum(string line, bool csharpName = true) =>
        "name: test\nprotocol: genetlink\ndefinitions:\n  -\n    name: mode\n    type: enum\n    " + line + "\n" +
        (csharpName ? "    entries: [ a ]\n" : line.StartsWith("entries", StringComparison.Ordinal) ? string.Empty : "    entries: [ a ]\n");

    private static string Attribute(string nameLine) =>
        "name: test\nprotocol: genetlink\nattribute-sets:\n  -\n    name: main\n    attributes:\n      -\n        " + nameLine + "\n        type: u32\n";

    private static string SocketOption(string line, bool named = true) =>
        "name: test\nprotocol: netdrop-socket\nlevels:\n  -\n    name: sol-packet\n    value: 263\nsocket-options:\n  level: sol-packet\n  list:\n    -\n" +
        (named ? "      name: statistics\n      " + line + "\n" : "      " + line + "\n") +
        "      value: 6\n      get: int\n";

    private const string FamilySpec = """
        name: family
        protocol: genetlink
        doc: $DOC
        definitions:
          -
            name: limit
            type: const
            value: 4
            doc: $DOC
          -
            name: mode
            type: enum
            doc: $DOC
            entries:
              -
                name: truncate
                doc: $DOC
          -
            name: header
            type: struct
            doc: $DOC
            members:
              -
                name: length
                type: u32
                doc: $DOC
        attribute-sets:
          -
            name: main
            doc: $DOC
            attributes:
              -
                name: ifindex
                type: u32
                doc: $DOC
              -
                name: label
                type: string
                doc: $DOC
        operations:
          list:
            -
              name: get
              value: 1
              doc: $DOC
              attribute-set: main
              do:
                request:
                  attributes: [ ifindex, label ]
        """;

    private const string DropReasonSpec = """
        name: reasons
        protocol: netdrop-drop-reasons
        definitions:
          -
            name: skb-drop-reason-subsys
            type: enum
            entries: [core]
          -
            name: skb-drop-reason
            type: enum
            doc: $DOC
            drop-reason-catalog: true
            entries:
              -
                name: no-socket
                doc: $DOC
                subsystem: core
        """;

    private const string SocketSpec = """
        name: sockets
        protocol: netdrop-socket
        definitions:
          -
            name: tpacket-versions
            type: enum
            doc: $DOC
            entries: [v1, v2, v3]
        levels:
          -
            name: sol-packet
            value: 263
            doc: $DOC
        socket-options:
          level: sol-packet
          list:
            -
              name: statistics
              value: 6
              get: int
              doc: $DOC
        """;
}
