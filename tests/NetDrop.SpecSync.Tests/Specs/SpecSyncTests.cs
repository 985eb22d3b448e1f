using System;
using System.IO;
using System.Linq;
using NetDrop.Cli.Specs;
using NetDrop.SpecSync.Kernel;
using NetDrop.SpecSync.Specs;

namespace NetDrop.Tests.Specs;

/// <summary>
/// netdrop specs sync against real kernels: Debian's 6.1 sources, the system's uapi headers, a newer
/// upstream tree, and the running kernel's tracefs. Each works on a scratch copy of specs/.
/// </summary>
public sealed class SpecSyncTests
{
    [Fact]
    public void The_committed_specs_are_current_with_the_6_1_headers()
    {
        KernelSnapshot snapshot = KernelHeaders.Read(SpecSyncFiles.Headers61, new KernelVersion(6, 1));
        SpecSyncResult result = SpecSynchronizer.Sync(Path.Combine(SpecSyncFiles.RepoRoot, "specs"), snapshot, write: false);

        Assert.True(result.UpToDate, "run: netdrop specs sync --headers testdata/kernel-headers/6.1 --kernel-version 6.1\n" + string.Join("\n", result.Changes));
    }

    [Fact]
    public void A_newer_kernel_records_its_numbers_beside_the_old_ones_and_a_second_sync_changes_nothing()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        string before = specs.Read("drop_reasons.yaml");
        KernelSnapshot snapshot = KernelHeaders.Read(SpecSyncFiles.HeadersUpstream, new KernelVersion(6, 13));

        SpecSyncResult first = SpecSynchronizer.Sync(specs.Path, snapshot, write: true);
        string after = specs.Read("drop_reasons.yaml");
        SpecSyncResult second = SpecSynchronizer.Sync(specs.Path, snapshot, write: true);

        Assert.Contains("drop_reasons.yaml", first.Written);
        Assert.Contains("kernels: [ \"6.1\", \"6.13\", \"6.18\" ]", after);
        Assert.Contains("name: netfilter-drop\n        kernels: { \"6.1\": 7, \"6.13\": 8, \"6.18\": 12 }", after);
        Assert.Contains("name: vxlan-no-remote\n        kernels: { \"6.13\": 104 }", after);
        // The upstream tree predates SOCKET_CLOSE: kept, marked with the kernel it is in.
        Assert.Contains("name: socket-close\n        kernels: { \"6.18\": 4 }", after);
        Assert.Contains(first.Changes, c => c.Kind == SyncChangeKind.RemovedInThisKernel && c.Name == "SOCKET_CLOSE" && c.Detail == "in 6.18");
        Assert.Contains(first.Changes, c => c.Kind == SyncChangeKind.ChangedValue && c.Name == "NETFILTER_DROP");
        AssertOnlyAdded(before, after);

        Assert.True(second.UpToDate, string.Join("\n", second.Changes));
        Assert.Empty(second.Written);
        Assert.Equal(after, specs.Read("drop_reasons.yaml"));
    }

    [Fact]
    public void New_reasons_are_appended_with_their_doc_comment_and_renames_are_found_by_place()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        using var tree = new TemporaryTree();
        string core = File.ReadAllText(Path.Combine(SpecSyncFiles.HeadersUpstream, "include/net/dropreason-core.h"));

        // The upstream header as a kernel that renamed VXLAN_NO_REMOTE and added a reason at the end.
        core = core.Replace("FN(VXLAN_NO_REMOTE)", "FN(TEST_RENAMED_REMOTE)")
            .Replace("SKB_DROP_REASON_VXLAN_NO_REMOTE,", "SKB_DROP_REASON_TEST_RENAMED_REMOTE,")
            .Replace("FN(ARP_PVLAN_DISABLE)\t\t\\", "FN(ARP_PVLAN_DISABLE)\t\t\\\n\tFN(TEST_NEW_REASON)\t\t\\")
            .Replace("\tSKB_DROP_REASON_ARP_PVLAN_DISABLE,", "\tSKB_DROP_REASON_ARP_PVLAN_DISABLE,\n\t/** @SKB_DROP_REASON_TEST_NEW_REASON: a reason: with a colon */\n\tSKB_DROP_REASON_TEST_NEW_REASON,");
        tree.Write("include/net/dropreason-core.h", core);

        SpecSyncResult result = SpecSynchronizer.Sync(specs.Path, KernelHeaders.Read(tree.Root, new KernelVersion(6, 99)), write: true);
        string after = specs.Read("drop_reasons.yaml");

        Assert.Contains(result.Changes, c => c.Kind == SyncChangeKind.Added && c.Name == "TEST_NEW_REASON" && c.Detail == "109 in 6.99");
        Assert.EndsWith("      -\n        name: test-new-reason\n        kernels: { \"6.99\": 109 }\n        doc: |\n          a reason: with a colon\n        subsystem: core\n", after);
        // The new name sits between the same neighbours as the old one: a rename. Both entries stay.
        Assert.Contains(result.Changes, c => c.Kind == SyncChangeKind.Renamed && c.Name == "VXLAN_NO_REMOTE" && c.Detail == "TEST_RENAMED_REMOTE in 6.99 (number 104); both entries kept");
        Assert.Contains("name: test-renamed-remote\n        kernels: { \"6.99\": 104 }\n        renamed-from: vxlan-no-remote\n", after);
        Assert.Contains(result.Changes, c => c.Kind == SyncChangeKind.RemovedInThisKernel && c.Name == "VXLAN_NO_REMOTE");
        Assert.DoesNotContain(result.Changes, c => c.Kind == SyncChangeKind.Added && c.Name == "TEST_RENAMED_REMOTE");
    }

    [Fact]
    public void A_reason_first_seen_in_tracefs_gets_its_doc_comment_from_a_header_later()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        using var tree = new TemporaryTree();
        // SOCKET_CLOSE came from the 6.18 tracefs, which has no doc comments; a header with it has one.
        string core = File.ReadAllText(Path.Combine(SpecSyncFiles.HeadersUpstream, "include/net/dropreason-core.h"))
            .Replace("FN(NO_SOCKET)\t\t\t\\", "FN(NO_SOCKET)\t\t\t\\\n\tFN(SOCKET_CLOSE)\t\t\\")
            .Replace("\tSKB_DROP_REASON_NO_SOCKET,", "\tSKB_DROP_REASON_NO_SOCKET,\n\t/** @SKB_DROP_REASON_SOCKET_CLOSE: socket is closed */\n\tSKB_DROP_REASON_SOCKET_CLOSE,");
        tree.Write("include/net/dropreason-core.h", core);
        Assert.DoesNotContain("name: socket-close\n        kernels: { \"6.18\": 4 }\n        doc:", specs.Read("drop_reasons.yaml"));

        SpecSynchronizer.Sync(specs.Path, KernelHeaders.Read(tree.Root, new KernelVersion(6, 14)), write: true);

        Assert.Contains("name: socket-close\n        kernels: { \"6.14\": 4, \"6.18\": 4 }\n        subsystem: core\n        doc: socket is closed\n", specs.Read("drop_reasons.yaml"));
    }

    [SystemHeadersFact]
    public void The_system_uapi_headers_sync_net_dm_and_af_packet_and_leave_drop_reasons()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        KernelSnapshot snapshot = KernelHeaders.Read("/usr/include");
        SpecSyncResult first = SpecSynchronizer.Sync(specs.Path, snapshot, write: true);
        string netDm = specs.Read("net_dm.yaml");
        SpecSyncResult second = SpecSynchronizer.Sync(specs.Path, snapshot, write: true);

        Assert.Contains("drop_reasons.yaml", first.Skipped);
        Assert.Contains($"\"{snapshot.Version}\"", netDm.Split('\n').Single(l => l.StartsWith("kernels:", StringComparison.Ordinal)));
        Assert.Contains($"\"{snapshot.Version}\"", specs.Read("af_packet.yaml").Split('\n').Single(l => l.StartsWith("kernels:", StringComparison.Ordinal)));
        // Every NET_DM attribute NetDrop decodes is in these headers with the spec's value.
        Assert.DoesNotContain(first.Changes, c => c.Kind == SyncChangeKind.ChangedValue);
        Assert.Equal(23, snapshot.NetDm!.Value("NET_DM_ATTR_REASON"));
        Assert.True(second.UpToDate, string.Join("\n", second.Changes));
    }

    [LiveTracefsFact]
    public void The_running_kernels_tracefs_records_its_reasons()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        KernelSnapshot snapshot = TracefsDropReasons.Read("/sys/kernel/tracing", named: false, null);
        SpecSynchronizer.Sync(specs.Path, snapshot, write: true);
        string after = specs.Read("drop_reasons.yaml");
        SpecSyncResult second = SpecSynchronizer.Sync(specs.Path, snapshot, write: true);

        // Every kernel with drop reasons has these; the numbers are this kernel's own.
        foreach (string name in new[] { "NOT_SPECIFIED", "NO_SOCKET", "NETFILTER_DROP", "OTHERHOST" })
        {
            long number = snapshot.DropReasons!.Single(r => r.Name == name).Number;
            Assert.Matches($"name: {name.ToLowerInvariant().Replace('_', '-')}\n        kernels: {{ [^}}]*\"{snapshot.Version}\": {number}[, ]", after);
        }

        Assert.True(second.UpToDate, string.Join("\n", second.Changes));
    }

    [Fact]
    public void The_command_prints_the_summary_and_check_exits_1_without_writing()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        string before = specs.Read("drop_reasons.yaml");
        var output = new StringWriter();
        var error = new StringWriter();

        int check = SpecsCommand.RunSync(SpecSyncFiles.HeadersUpstream, false, null, specs.Path, "6.13", check: true, output, error);

        Assert.Equal(1, check);
        Assert.Equal(before, specs.Read("drop_reasons.yaml"));
        Assert.Contains("Linux 6.13 from ", output.ToString());
        Assert.Contains("0 added, 0 renamed, 104 changed value, 22 removed in this kernel, 3 recorded for this kernel", output.ToString());
        Assert.Contains("drop_reasons.yaml: removed in this kernel SOCKET_CLOSE: in 6.18", output.ToString());
        Assert.Contains("Out of date: drop_reasons.yaml, net_dm.yaml. Run without --check to update them.", output.ToString());

        Assert.Equal(0, SpecsCommand.RunSync(SpecSyncFiles.HeadersUpstream, false, null, specs.Path, "6.13", check: false, output, error));
        Assert.Equal(0, SpecsCommand.RunSync(SpecSyncFiles.HeadersUpstream, false, null, specs.Path, "6.13", check: true, output, error));
        Assert.Equal(string.Empty, error.ToString());
    }

    /// <summary>Sync only adds and replaces within lines: every original line that had no kernels map is still there, in order.</summary>
    private static void AssertOnlyAdded(string before, string after)
    {
        string[] old = before.Split('\n').Where(l => !l.TrimStart().StartsWith("kernels:", StringComparison.Ordinal)).ToArray();
        string[] now = after.Split('\n');
        int j = 0;
        foreach (string line in now)
        {
            if (j < old.Length && line == old[j])
            {
                j++;
            }
        }

        Assert.True(j == old.Length, $"line {j + 1} of the old spec is gone or moved: '{(j < old.Length ? old[j] : string.Empty)}'");
    }
}
