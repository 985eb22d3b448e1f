using System.Linq;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Sub-messages: an attribute whose layout the value of another attribute selects. The generated
/// accessors read a payload only as the format the selector names, fixed header and attributes
/// included; the writers put the selector and begin the attribute; what cannot be used is ND0013.
/// </summary>
public sealed class SubMessageTests
{
    private const string Spec = """
        name: sub
        protocol: netlink-raw
        protonum: 0
        definitions:
          -
            name: odd-hdr
            type: struct
            members:
              -
                name: first
                type: u32
              -
                name: second
                type: u16
        attribute-sets:
          -
            name: link-attrs
            attributes:
              -
                name: kind
                type: string
              -
                name: data
                type: sub-message
                sub-message: data-msg
                selector: kind
              -
                name: nowhere
                type: sub-message
                sub-message: missing-msg
                selector: kind
              -
                name: number
                type: u32
              -
                name: by-number
                type: sub-message
                sub-message: data-msg
                selector: number
          -
            name: one-attrs
            attributes:
              -
                name: port
                type: u16
              -
                name: label
                type: string
          -
            name: two-attrs
            attributes:
              -
                name: weight
                type: u32
        sub-messages:
          -
            name: data-msg
            formats:
              -
                value: one
                attribute-set: one-attrs
              -
                value: two_with-header
                fixed-header: odd-hdr
                attribute-set: two-attrs
              -
                value: header-only
                fixed-header: odd-hdr
              -
                value: empty
              -
                value: ghost
                attribute-set: ghost-attrs
        """;

    private const string Probe = """
        using System;
        using NetDrop.Netlink;
        using Test.Sub;

        namespace App;

        internal static class Probe
        {
            private const int Header = 16;

            public static string One()
            {
                Span<byte> buffer = stackalloc byte[256];
                var writer = new NetlinkWriter(buffer);
                int message = writer.BeginMessage(16, NetlinkMessageFlags.None, 1);
                int data = SubLinkSubMessages.BeginDataAsOne(ref writer);
                SubOneAttributeWriter.PutPort(ref writer, 4789);
                SubOneAttributeWriter.PutLabel(ref writer, "x");
                writer.EndNested(data);
                int length = writer.EndMessage(message);

                SubLinkAttributes link = SubLinkAttributes.Parse(buffer.Slice(Header, length - Header), Header);
                bool one = link.TryGetDataAsOne(out SubOneAttributes attributes);
                bool two = link.TryGetDataAsTwoWithHeader(out OddHdr header, out SubTwoAttributes other);
                bool headerOnly = link.TryGetDataAsHeaderOnly(out _);
                return $"{link.GetKind()} {link.GetDataFormat()} {one} {attributes.Port} {attributes.GetLabel()} {attributes.BaseOffset} {two} {headerOnly} {other.Weight is null} {header.First}";
            }

            public static string TwoWithHeader()
            {
                Span<byte> buffer = stackalloc byte[256];
                var writer = new NetlinkWriter(buffer);
                int message = writer.BeginMessage(16, NetlinkMessageFlags.None, 1);
                var header = new OddHdr { First = 7, Second = 9 };
                int data = SubLinkSubMessages.BeginDataAsTwoWithHeader(ref writer, in header);
                SubTwoAttributeWriter.PutWeight(ref writer, 300);
                writer.EndNested(data);
                int length = writer.EndMessage(message);

                SubLinkAttributes link = SubLinkAttributes.Parse(buffer.Slice(Header, length - Header), Header);
                bool two = link.TryGetDataAsTwoWithHeader(out OddHdr read, out SubTwoAttributes attributes);
                bool headerOnly = link.TryGetDataAsHeaderOnly(out _);
                bool one = link.TryGetDataAsOne(out _);
                return $"{link.GetDataFormat()} {two} {read.First} {read.Second} {attributes.Weight} {attributes.BaseOffset} {attributes.Error.IsError} {headerOnly} {one}";
            }

            public static string Selected(string kind, int payload)
            {
                Span<byte> buffer = stackalloc byte[256];
                var writer = new NetlinkWriter(buffer);
                int message = writer.BeginMessage(16, NetlinkMessageFlags.None, 1);
                SubLinkAttributeWriter.PutKind(ref writer, kind);
                SubLinkAttributeWriter.PutData(ref writer, new byte[payload]);
                int length = writer.EndMessage(message);

                SubLinkAttributes link = SubLinkAttributes.Parse(buffer.Slice(Header, length - Header), Header);
                return $"{link.GetDataFormat()} {link.TryGetDataAsOne(out _)} {link.TryGetDataAsTwoWithHeader(out _, out _)} {link.TryGetDataAsHeaderOnly(out _)}";
            }

            public static string Empty()
            {
                Span<byte> buffer = stackalloc byte[64];
                var writer = new NetlinkWriter(buffer);
                int message = writer.BeginMessage(16, NetlinkMessageFlags.None, 1);
                SubLinkSubMessages.PutDataAsEmpty(ref writer);
                int length = writer.EndMessage(message);
                SubLinkAttributes link = SubLinkAttributes.Parse(buffer.Slice(Header, length - Header), Header);
                return $"{link.GetKind()} {link.GetDataFormat()} {link.HasData}";
            }
        }
        """;

    [Fact]
    public void Generated_sub_message_code_matches_its_snapshot()
    {
        GeneratorRun run = Run();

        SnapshotAssert.Matches("sub_messages#sub.SubMessages.g", run.Sources.Single(s => s.Key.EndsWith(".SubMessages.g.cs", System.StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void What_cannot_be_used_is_reported_and_the_rest_compiles()
    {
        GeneratorRun run = Run();

        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics));
        string[] messages = run.GeneratorDiagnostics.Select(d => d.Id + " " + d.Severity + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, messages.Length);
        Assert.All(messages, m => Assert.StartsWith("ND0013 Info", m, System.StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'nowhere' of set 'link-attrs' names the sub-message 'missing-msg', which the spec does not define", System.StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'by-number' of set 'link-attrs' is selected by 'number', which is not a string attribute of the same set", System.StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Format 'ghost' of sub-message 'data-msg' names the attribute set 'ghost-attrs'", System.StringComparison.Ordinal));
    }

    [Fact]
    public void An_attribute_set_format_reads_back_through_its_own_view_only()
    {
        // kind "one\0" is 8 bytes with its header; data's payload starts at 16 + 8 + 4.
        Assert.Equal("one One True 4789 x 28 False False True 0", Invoke("One"));
    }

    [Fact]
    public void A_fixed_header_format_reads_its_header_then_its_attributes_at_the_aligned_size()
    {
        // odd-hdr is 8 bytes (6 of members, padded to its u32 alignment); the attributes follow it:
        // 16 + 20 (kind "two_with-header\0") + 4 + 8.
        Assert.Equal("TwoWithHeader True 7 9 300 48 False False False", Invoke("TwoWithHeader"));
    }

    [Theory]
    [InlineData("bogus", 16, "Unknown False False False")]
    [InlineData("", 16, "Unknown False False False")]
    [InlineData("ONE", 16, "Unknown False False False")]
    [InlineData("header-only", 4, "HeaderOnly False False False")]
    [InlineData("header-only", 8, "HeaderOnly False False True")]
    [InlineData("one", 3, "One True False False")]
    public void A_wrong_selector_or_short_payload_gives_no_view(string kind, int payload, string expected)
    {
        Assert.Equal(expected, Invoke("Selected", kind, payload));
    }

    [Fact]
    public void A_format_without_payload_writes_only_the_selector()
    {
        Assert.Equal("empty Empty False", Invoke("Empty"));
    }

    private static GeneratorRun Run() => GeneratorHarness.Run(new[] { SpecInput.Inline(Spec, "Test.Sub", "/specs/sub.yaml") }, Probe);

    private static string Invoke(string method, params object[] arguments) =>
        LiveProbe.Invoke(new[] { SpecInput.Inline(Spec, "Test.Sub", "/specs/sub.yaml") }, Probe, method, arguments);
}
