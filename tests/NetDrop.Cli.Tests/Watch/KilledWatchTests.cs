using System;
using System.IO;

using NetDrop.Tests.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Watch;

/// <summary>
/// A watch killed with SIGKILL cannot clean up: its tracefs instance stays, still recording into its
/// buffers. The next NetDrop start finds it (its pid is gone), removes it and says so.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class KilledWatchTests
{
    [LiveKernelFact]
    public void A_watch_killed_with_sigkill_leaves_an_instance_that_the_next_watch_removes_and_reports()
    {
        string stale;
        using (NetdropProcess killed = NetdropProcess.Start("watch", "--json", "--kernel-filter", "common_pid == 1"))
        {
            killed.WaitUntilWatching();
            stale = TracefsInstances.InstancePath(killed.Pid);
            Assert.True(Directory.Exists(stale), "the running watch has its tracefs instance");

            killed.Signal("KILL");
            killed.WaitForExit(TimeSpan.FromSeconds(20));
        }

        try
        {
            Assert.True(Directory.Exists(stale), "SIGKILL leaves the instance behind (nothing runs in the process)");

            (int exit, NetdropProcess next) = NetdropProcess.Run(TimeSpan.FromSeconds(60), "watch", "--json", "--duration", "1", "--kernel-filter", "common_pid == 1");
            using (next)
            {
                Assert.True(exit == 0, next.Transcript);
                Assert.Contains(next.Stderr, l => l.StartsWith("Removed the tracefs instance ", StringComparison.Ordinal) && l.Contains(Path.GetFileName(stale), StringComparison.Ordinal));
                Assert.False(Directory.Exists(stale), "the next start removed it");
                Assert.False(Directory.Exists(TracefsInstances.InstancePath(next.Pid)), "and its own is gone too");
            }
        }
        finally
        {
            // Whatever the outcome, the test leaves no instance of its own making.
            if (Directory.Exists(stale))
            {
                Directory.Delete(stale);
            }
        }
    }
}
