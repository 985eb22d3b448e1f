using System;
using System.Globalization;
using System.IO;
using System.Linq;
using NetDrop.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Watch;

/// <summary>
/// Tracefs is one for the whole machine, PIDs are per namespace: two watches that are both PID 1 of a
/// PID namespace of their own (unshare --pid --fork --mount-proc) must get instances of their own, both
/// run, and both instances go at exit; neither takes the other's instance for a dead one.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class PidNamespaceInstanceTests
{
    private static readonly string Instances = Path.Combine(Tracefs.Locate(), "instances");

    [LiveKernelFact]
    public void Two_watches_with_the_same_pid_in_different_pid_namespaces_both_run_and_both_clean_up()
    {
        string[] before = PidOneInstances();
        using NetdropProcess first = InOwnPidNamespace();
        first.WaitUntilWatching();
        using NetdropProcess second = InOwnPidNamespace();
        second.WaitUntilWatching();

        string[] running = PidOneInstances().Except(before).ToArray();
        Assert.True(running.Length == 2, "two instances, one per namespace: " + string.Join(", ", running) + "\n" + first.Transcript + "\n" + second.Transcript);
        Assert.Contains(second.Stderr, l => l.StartsWith("Left the tracefs instance ", StringComparison.Ordinal) && running.Any(r => l.Contains(Path.GetFileName(r), StringComparison.Ordinal)));

        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(60)) == 0, first.Transcript);
        Assert.True(second.WaitForExit(TimeSpan.FromSeconds(60)) == 0, second.Transcript);
        Assert.All(running, r => Assert.False(Directory.Exists(r), r + " is removed at exit"));
        Assert.DoesNotContain(first.Stderr.Concat(second.Stderr), l => l.StartsWith("Removed the tracefs instance ", StringComparison.Ordinal) && running.Any(r => l.Contains(Path.GetFileName(r), StringComparison.Ordinal)));
    }

    [Fact]
    public void An_owner_token_reads_back_and_other_names_are_not_tokens()
    {
        TracefsInstanceOwner self = TracefsInstanceOwner.Current;

        Assert.True(TracefsInstanceOwner.TryParse(self.Token, out TracefsInstanceOwner parsed));
        Assert.Equal(self, parsed);
        Assert.Equal(Environment.ProcessId, self.ProcessId);
        Assert.Equal(TracefsInstance.NamePrefix + self.Token, TracefsInstance.NameFor(self));
        Assert.False(TracefsInstanceOwner.TryParse("1234", out _));
        Assert.False(TracefsInstanceOwner.TryParse("1-2", out _));
        Assert.False(TracefsInstanceOwner.TryParse("a-1-2", out _));
        Assert.False(TracefsInstanceOwner.TryParse("1--2", out _));
    }

    [LiveKernelFact]
    public void An_instance_whose_owner_started_at_another_time_is_stale_and_a_live_ones_is_kept()
    {
        TracefsInstanceOwner self = TracefsInstanceOwner.Current;
        string reused = Path.Combine(Instances, TracefsInstance.NameFor(self with { StartTime = self.StartTime + 1 }));
        string foreignDead = Path.Combine(Instances, TracefsInstance.NameFor(new TracefsInstanceOwner(1, 1, 1)));
        Directory.CreateDirectory(reused);
        Directory.CreateDirectory(foreignDead);
        try
        {
            using KfreeSkbSource source = KfreeSkbSource.Open();

            // Our own PID with another start time is a process that is gone; its PID was reused by us.
            Assert.Contains(reused, source.RemovedStaleInstances);

            // Seen from the initial namespace, no process lives in a namespace with inode 1.
            Assert.Contains(foreignDead, source.RemovedStaleInstances);
            Assert.True(Directory.Exists(source.InstancePath));
            Assert.DoesNotContain(source.InstancePath, source.RemovedStaleInstances);
        }
        finally
        {
            foreach (string made in new[] { reused, foreignDead }.Where(Directory.Exists))
            {
                Directory.Delete(made);
            }
        }
    }

    [LiveKernelFact]
    public void A_name_that_exists_and_is_busy_says_so_not_run_as_root()
    {
        string ours = Path.Combine(Instances, TracefsInstance.NameFor(TracefsInstanceOwner.Current));
        Directory.CreateDirectory(ours);
        try
        {
            // An open file of the instance makes the kernel refuse its removal (EBUSY).
            using (File.OpenRead(Path.Combine(ours, "trace")))
            {
                TracefsUnavailableException error = Assert.Throws<TracefsUnavailableException>(() => KfreeSkbSource.Open());
                Assert.Contains("an instance of that name exists and is in use (EBUSY)", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("Run as root", error.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(ours);
        }
    }

    private static NetdropProcess InOwnPidNamespace() =>
        NetdropProcess.StartUnder("unshare", ["--pid", "--fork", "--mount-proc", NetdropProcess.DotnetHost],
            "watch", "--json", "--duration", "15", "--kernel-filter", "common_pid == 1");

    private static string[] PidOneInstances() =>
        Directory.GetDirectories(Instances, TracefsInstance.NamePrefix + "*")
            .Where(d => TracefsInstanceOwner.TryParse(Path.GetFileName(d).AsSpan(TracefsInstance.NamePrefix.Length), out TracefsInstanceOwner o) && o.ProcessId == 1)
            .ToArray();
}
