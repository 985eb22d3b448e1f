using System.IO;
using NetDrop.SpecSync.Docs;

namespace NetDrop.Tests.Specs;

/// <summary>docs/drop-reasons.md is generated from the spec and must say what the spec says.</summary>
public sealed class DropReasonDocsTests
{
    [Fact]
    public void The_committed_compatibility_table_is_current()
    {
        string root = SpecSyncFiles.RepoRoot;
        string generated = CompatibilityTable.Generate(Path.Combine(root, "specs", "drop_reasons.yaml"));

        Assert.True(generated == File.ReadAllText(Path.Combine(root, "docs", "drop-reasons.md")), "docs/drop-reasons.md is not current: run 'netdrop specs docs'");
        Assert.Contains("| `NETFILTER_DROP` | ≤ 6.1 | 7 | 12 |  |", generated);
        Assert.Contains("| `NO_TX_TARGET` | 6.18 | — | 114 | renamed from `VXLAN_NO_REMOTE` |", generated);
    }

    [Fact]
    public void The_catalogue_says_since_which_synced_kernel_a_reason_exists()
    {
        Assert.Equal("6.1", DropReasonCatalog.Since(DropReason.NetfilterDrop));
        Assert.Equal("6.18", DropReasonCatalog.Since(DropReason.SocketClose));
        // Written by hand from a newer header than 6.1, renamed before 6.18: no synced kernel has it.
        Assert.Null(DropReasonCatalog.Since(DropReason.VxlanNoRemote));
        Assert.Null(DropReasonCatalog.Since((DropReason)9999));
    }
}
