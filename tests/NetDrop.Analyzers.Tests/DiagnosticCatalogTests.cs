using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NetDrop.Analyzers.Descriptors;
using NetDrop.Analyzers.Tests.Builds;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>
/// One catalogue of IDs: every descriptor has an ID in the analyzers' range, a help page whose wrong
/// example gets it and whose right example gets no warning (both compile), a line in the release tracking
/// file and in the docs index, and is reported by some analyzer.
/// </summary>
public sealed class DiagnosticCatalogTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();

    public static TheoryData<string> Ids => new(Descriptors.Select(d => d.Id));

    private static string Docs => Path.Combine(RepoCompilation.Root, "docs", "diagnostics");

    [Fact]
    public void Ids_are_unique_consecutive_and_in_the_analyzers_range()
    {
        string[] ids = Descriptors.Select(d => d.Id).ToArray();
        Assert.Equal(Enumerable.Range(1001, ids.Length).Select(n => $"ND{n}"), ids);
    }

    [Fact]
    public void Every_descriptor_is_reported_by_an_analyzer_and_every_reported_id_is_described()
    {
        string[] supported = NetDropAnalyzers.All.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.Equal(Descriptors.Select(d => d.Id), supported);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_has_help_link_title_and_tracking_entry(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.Single(d => d.Id == id);
        // The base comes from the build (NetDropHelpLinkBase); with no project URL it is the docs page's
        // path, which must exist. No address is made up.
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.DoesNotContain("github.com/netdrop", descriptor.HelpLinkUri, StringComparison.Ordinal);
        if (!descriptor.HelpLinkUri.Contains("://", StringComparison.Ordinal))
        {
            Assert.True(File.Exists(Path.Combine(RepoCompilation.Root, descriptor.HelpLinkUri)), descriptor.HelpLinkUri + " is not a page of the repository");
        }
        Assert.Equal("NetDrop.Usage", descriptor.Category);
        Assert.True(descriptor.IsEnabledByDefault);

        string title = descriptor.Title.ToString();
        string severity = descriptor.DefaultSeverity.ToString();
        string tracking = File.ReadAllText(Path.Combine(RepoCompilation.Root, "analyzers", "NetDrop.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | NetDrop.Usage | {severity} | {title}", tracking);

        string index = File.ReadAllText(Path.Combine(Docs, "README.md"));
        Assert.Contains($"| [{id}]({id}.md) | {severity.ToLowerInvariant()} | {title} |", index);

        string page = File.ReadAllText(Path.Combine(Docs, id + ".md"));
        Assert.StartsWith($"# {id}: {title}\n", page.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task The_wrong_example_gets_the_diagnostic(string id)
    {
        var diagnostics = await NetDropAnalyzers.AnalyzeAsync(SourceCompilation.CreateBuilding(Example(id, "## Wrong")));
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal(id, d.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task The_right_example_gets_no_warning(string id)
    {
        // A right example may still get a suggestion (ND1001's default arm gets ND1002's list), but not its own ID.
        var diagnostics = (await NetDropAnalyzers.AnalyzeAsync(SourceCompilation.CreateBuilding(Example(id, "## Right"))))
            .Where(d => d.Id == id || d.Severity >= DiagnosticSeverity.Warning)
            .ToArray();
        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics.Select(d => d.ToString())));
    }

    /// <summary>The first ```csharp block after <paramref name="heading"/> on the page.</summary>
    private static string Example(string id, string heading)
    {
        string page = File.ReadAllText(Path.Combine(Docs, id + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        int section = page.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"{id}.md has no '{heading}' section.");
        int start = page.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        int end = page.IndexOf("```", start, StringComparison.Ordinal);
        return page.Substring(start, end - start);
    }
}
