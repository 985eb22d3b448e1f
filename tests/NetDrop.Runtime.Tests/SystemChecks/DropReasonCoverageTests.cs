using System.Linq;
using NetDrop.SystemChecks;
using NetDrop.Tests.Tracing;
using NetDrop.Tracing;

namespace NetDrop.Tests.Diagnostics;

/// <summary>The kernel's reason table (a kfree_skb format file) set against the catalogue generated from specs/drop_reasons.yaml.</summary>
public sealed class DropReasonCoverageTests
{
    [Fact]
    public void A_reason_the_catalogue_lacks_and_one_the_kernel_lacks_are_both_listed()
    {
        // The 6.18 format with NO_SOCKET renamed to a reason no catalogue has.
        string format = TracefsVectors.Format.Replace("{ 3, \"NO_SOCKET\" }", "{ 3, \"NETDROP_TEST_NEW_REASON\" }");
        Assert.NotEqual(TracefsVectors.Format, format);

        DropReasonCoverage coverage = DropReasonCoverage.From(TraceEventFormat.Parse(format))!;
        DropReasonCoverage original = DropReasonCoverage.From(TraceEventFormat.Parse(TracefsVectors.Format))!;

        Assert.Contains("NETDROP_TEST_NEW_REASON", coverage.KernelOnly);
        Assert.DoesNotContain("NETDROP_TEST_NEW_REASON", original.KernelOnly);
        Assert.Contains("NO_SOCKET", coverage.CatalogOnly);
        Assert.DoesNotContain("NO_SOCKET", original.CatalogOnly);
        Assert.Equal(original.Kernel, coverage.Kernel);
        Assert.Equal(original.Shared - 1, coverage.Shared);
        Assert.Equal(DropReasonCatalog.Count, coverage.Catalog);
        Assert.Equal(coverage.Kernel, coverage.Shared + coverage.KernelOnly.Count);
        Assert.Equal(coverage.Catalog, coverage.Shared + coverage.CatalogOnly.Count);

        Finding finding = coverage.Assess();
        Assert.Equal(FindingStatus.Warning, finding.Status);
        Assert.Contains($"{coverage.KernelOnly.Count} new to NetDrop", finding.Summary);
        Assert.Contains("reported by the kernel's name", finding.Remedy);
    }

    [Fact]
    public void The_counts_agree_with_the_tracing_sources_own_mapping()
    {
        TraceEventFormat format = TraceEventFormat.Parse(TracefsVectors.Format);
        DropReasonCoverage coverage = DropReasonCoverage.From(format)!;
        KernelDropReasons reasons = KernelDropReasons.From(format);

        // The saved 6.18 table numbers 2 (NOT_SPECIFIED) to 127 and ends with MAX, which is a bound, not a reason.
        Assert.Equal(126, coverage.Kernel);
        Assert.Equal(reasons.Count, coverage.Kernel);
        Assert.Equal(reasons.Unknown.OrderBy(n => n, System.StringComparer.Ordinal), coverage.KernelOnly.OrderBy(n => n, System.StringComparer.Ordinal));
        // The catalogue was synced with this kernel (netdrop specs sync --tracefs): it knows every reason.
        Assert.Empty(coverage.KernelOnly);
        Assert.Equal(coverage.Kernel, coverage.Shared);
    }

    [Fact]
    public void Markers_that_are_not_drop_reasons_are_not_counted()
    {
        var table = new System.Collections.Generic.Dictionary<long, string>
        {
            [0] = "NOT_DROPPED_YET",
            [1] = "CONSUMED",
            [2] = "NOT_SPECIFIED",
            [3] = "NO_SOCKET",
            [4] = "MAX",
        };

        DropReasonCoverage coverage = DropReasonCoverage.From(table);

        Assert.Equal(2, coverage.Kernel);
        Assert.Equal(2, coverage.Shared);
        Assert.Empty(coverage.KernelOnly);
        Assert.Equal(DropReasonCatalog.Count - 2, coverage.CatalogOnly.Count);
        Assert.DoesNotContain("NOT_SPECIFIED", coverage.CatalogOnly);
        Assert.Equal(FindingStatus.Ok, coverage.Assess().Status);
        Assert.Equal($"this kernel names 2, NetDrop's catalogue {DropReasonCatalog.Count}: 2 in both, 0 new to NetDrop, {DropReasonCatalog.Count - 2} not in this kernel", coverage.Assess().Summary);
    }

    [Fact]
    public void A_format_without_a_reason_table_gives_no_coverage()
    {
        // Before Linux 5.17 kfree_skb had no reason field and printed no table.
        const string Format = """
            name: kfree_skb
            ID: 1500
            format:
            	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
            	field:void * skbaddr;	offset:8;	size:8;	signed:0;
            	field:void * location;	offset:16;	size:8;	signed:0;
            	field:unsigned short protocol;	offset:24;	size:2;	signed:0;

            print fmt: "skbaddr=%p protocol=%u location=%p", REC->skbaddr, REC->protocol, REC->location
            """;

        Assert.Null(DropReasonCoverage.From(TraceEventFormat.Parse(Format)));
        Finding finding = DropReasonCoverage.Unknown(new KfreeSkbAvailability("/t/format", true, false, null));
        Assert.Equal(FindingStatus.Warning, finding.Status);
        Assert.Equal("not compared: this kernel's skb:kfree_skb has no reason field", finding.Summary);
    }
}
