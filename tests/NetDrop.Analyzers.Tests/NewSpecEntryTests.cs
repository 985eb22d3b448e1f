using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NetDrop.Analyzers.Descriptors;
using NetDrop.Analyzers.Tests.Builds;
using NetDrop.Analyzers.Tests.Verifiers;
using NetDrop.Generators;

namespace NetDrop.Analyzers.Tests;

/// <summary>
/// A reason appended to the spec is covered with no change to the analyzers: the spec generator turns
/// the edited spec into code, and the switch analyzer finds the new reason through the metadata. The
/// same holds for a project's own socket options (ring order) and netlink operations (request order).
/// </summary>
public sealed class NewSpecEntryTests
{
    [Fact]
    public async Task A_reason_added_to_the_spec_is_reported_missing()
    {
        string spec = File.ReadAllText(Path.Combine(RepoCompilation.Root, "specs", "drop_reasons.yaml")).TrimEnd() + """

                  -
                    name: ovs-added-later
                    doc: A reason added to the spec after the analyzers were built.
                    subsystem: openvswitch

            """;
        string source = """
            using Test.Specs;
            static class C
            {
                static int M(DropReason reason)
                {
                    switch (reason)
                    {
                        case >= DropReason.NotSpecified and <= DropReason.SkbRxHeadroom:
                            return 1;
                    }

                    return 0;
                }
            }
            """;
        CSharpCompilation compilation = SourceCompilation.Create(source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new SpecGenerator().AsSourceGenerator() },
            new[] { new Spec("/specs/drop_reasons.yaml", spec) },
            TestReferences.ParseOptions,
            new Namespace("Test.Specs"));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        Diagnostic diagnostic = Assert.Single(await NetDropAnalyzers.AnalyzeAsync(generated));
        Assert.Equal("ND1001", diagnostic.Id);
        Assert.Equal("This switch over DropReason has no default arm and does not handle 1 reason(s): OvsAddedLater; add cases for them or a default arm", diagnostic.GetMessage());
        Assert.Equal("openvswitch:OvsAddedLater", diagnostic.Properties[DiagnosticProperties.MissingReasons]);
    }

    [Fact]
    public async Task A_user_spec_with_its_own_ring_options_gets_the_ring_order_rule()
    {
        // A socket family of another level (not SOL_PACKET 263), whose ring facts only its spec states.
        string spec = """
            name: xring
            protocol: netdrop-socket
            doc: A socket family a project describes for itself.
            levels:
              -
                name: sol-xring
                value: 300
            socket-options:
              level: sol-xring
              name-prefix: xring-
              list:
                -
                  name: ring
                  value: 3
                  doc: Creates the ring.
                  set: u32
                  creates-ring: true
                -
                  name: frame-size
                  value: 7
                  doc: Refused once the ring exists.
                  set: u32
                  must-precede-ring: true
                -
                  name: stats-reset
                  value: 8
                  doc: Allowed at any time.
                  set: u32
            """;
        string source = """
            using Test.Specs;
            static class C
            {
                static void M(NetDrop.Interop.ISocketOptions socket)
                {
                    socket.SetFrameSize(2048u);
                    socket.SetRing(64u);
                    socket.SetStatsReset(1u);
                    socket.SetFrameSize(4096u);
                }
            }
            """;
        CSharpCompilation compilation = SourceCompilation.Create(source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new SpecGenerator().AsSourceGenerator() },
            new[] { new Spec("/specs/xring.yaml", spec) },
            TestReferences.ParseOptions,
            new Namespace("Test.Specs"));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        Diagnostic diagnostic = Assert.Single(await NetDropAnalyzers.AnalyzeAsync(generated));
        Assert.Equal("ND1009", diagnostic.Id);
        Assert.Equal("socket.SetFrameSize(4096u)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal("XRING_FRAME_SIZE is set after XRING_RING on the same socket, and the kernel rejects it with EBUSY once a ring exists; set XRING_FRAME_SIZE before XRING_RING", diagnostic.GetMessage());
    }

    [Fact]
    public async Task A_user_netlink_spec_with_its_own_states_gets_the_request_order_rules()
    {
        // A generic netlink family a project describes for itself: its order facts only its spec states.
        string spec = """
            name: tracer
            protocol: genetlink
            doc: A family a project describes for itself.
            attribute-sets:
              -
                name: attrs
                attributes:
                  -
                    name: ingress
                    type: flag
                  -
                    name: egress
                    type: flag
                  -
                    name: loopback
                    type: flag
                  -
                    name: depth
                    type: u32
            operations:
              list:
                -
                  name: arm
                  attribute-set: attrs
                  enters-state: armed
                  names-one-of: [ ingress, egress, loopback ]
                  do:
                    request:
                      attributes: [ ingress, egress, loopback ]
                -
                  name: disarm
                  attribute-set: attrs
                  leaves-state: armed
                  do:
                    request:
                      attributes: []
                -
                  name: set-depth
                  attribute-set: attrs
                  rejected-in-state: armed
                  do:
                    request:
                      attributes: [ depth ]
            """;
        string source = """
            using System;
            using Test.Specs;
            static class C
            {
                static void M(Span<byte> b)
                {
                    TracerRequests.SetDepth(b, 1, 1, depth: 8);
                    TracerRequests.Arm(b, 1, 2, ingress: true);
                    TracerRequests.Disarm(b, 1, 3);
                    TracerRequests.SetDepth(b, 1, 4, depth: 16);
                    TracerRequests.Arm(b, 1, 5);
                    TracerRequests.SetDepth(b, 1, 6, depth: 32);
                }
            }
            """;
        CSharpCompilation compilation = SourceCompilation.Create(source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new SpecGenerator().AsSourceGenerator() },
            new[] { new Spec("/specs/tracer.yaml", spec) },
            TestReferences.ParseOptions,
            new Namespace("Test.Specs"));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        Diagnostic[] diagnostics = (await NetDropAnalyzers.AnalyzeAsync(generated)).OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(["ND1013", "ND1012"], diagnostics.Select(d => d.Id));
        Assert.Equal("TracerRequests.Arm(b, 1, 5)", Text(diagnostics[0]));
        Assert.Equal("This tracer ARM request sets none of ingress, egress or loopback, and the tracer spec says it should name one of them; pass ingress: true, egress: true or loopback: true", diagnostics[0].GetMessage());
        Assert.Equal("TracerRequests.SetDepth(b, 1, 6, depth: 32)", Text(diagnostics[1]));
        Assert.Equal("This tracer SET-DEPTH request comes after tracer ARM on the same client, and the kernel refuses SET-DEPTH in the 'armed' state that ARM enters; make SET-DEPTH before ARM, or leave 'armed' first", diagnostics[1].GetMessage());
    }

    private static string Text(Diagnostic diagnostic) => diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    private sealed class Spec : AdditionalText
    {
        private readonly string _text;

        public Spec(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => SourceText.From(_text);
    }

    private sealed class Namespace : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public Namespace(string ns) => _options = new Options(ns);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly string _namespace;

            public Options(string ns) => _namespace = ns;

            public override bool TryGetValue(string key, out string value)
            {
                value = _namespace;
                return key == "build_metadata.AdditionalFiles.NetDropNamespace";
            }
        }
    }
}
