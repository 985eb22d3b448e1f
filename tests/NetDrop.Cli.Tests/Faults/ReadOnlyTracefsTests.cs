using System;
using System.IO;
using NetDrop.Tests.LiveKernel;

using NetDrop.Tests.Tracing;

namespace NetDrop.Tests.Faults;

/// <summary>
/// tracefs mounted read-only: watch cannot make its instance there. It says so in one line that says what
/// to do, exits 1, and leaves nothing behind. The read-only mount exists only in a private mount namespace
/// of the run (a read-only bind mount over /sys/kernel/tracing): a read-only mount of tracefs itself would
/// reconfigure its one superblock, the host's tracefs included.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class ReadOnlyTracefsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [LiveKernelFact]
    public void Watch_on_a_read_only_tracefs_says_what_to_do_exits_1_and_leaves_no_instance()
    {
        const string Tracing = "/sys/kernel/tracing";
        using NetdropProcess watch = NetdropProcess.StartUnder(
            "unshare",
            ["--mount", "--propagation", "private", "sh", "-c", $"mount --bind -o ro {Tracing} {Tracing} && exec \"$0\" \"$@\"", NetdropProcess.DotnetHost],
            "watch", "--source", "tracepoint", "--duration", "2");

        int exit = watch.WaitForExit(Deadline);

        Assert.True(exit == 1, watch.Transcript);
        string message = Assert.Single(watch.Stderr, l => l.StartsWith("netdrop watch: ", StringComparison.Ordinal));
        Assert.Contains("read-only", message, StringComparison.Ordinal);
        Assert.Contains("is mounted read-only; remount it read-write (mount -o remount,rw /sys/kernel/tracing)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(watch.Stdout, l => l.StartsWith("Source: ", StringComparison.Ordinal));
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(watch.Pid)), "no instance is left in the host's tracefs");
        Assert.False(IsReadOnly(Tracing), "the host's tracefs is still writable: the read-only mount stayed in the run's namespace");
    }

    private static bool IsReadOnly(string mountPoint)
    {
        foreach (string line in File.ReadAllLines("/proc/self/mounts"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length > 3 && fields[1] == mountPoint && fields[2] == "tracefs")
            {
                return Array.IndexOf(fields[3].Split(','), "ro") >= 0;
            }
        }

        return false;
    }
}
