using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using NetDrop.Bpf;
using NetDrop.Bpf.Filter;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// What another process can do to the BPF source's program from outside. The program hangs on a perf event
/// (PERF_EVENT_IOC_SET_BPF) and the kernel detaches it only when that event is freed, when its last file
/// reference is closed; there is no bpf_link to BPF_LINK_DETACH and no ioctl that removes it. The one handle an
/// outsider with ptrace rights can get is the event's file, through pidfd_getfd; with it, PERF_EVENT_IOC_DISABLE
/// succeeds, and the program runs on regardless, because a tracepoint runs its BPF programs whether or not the
/// event is enabled. This test does exactly that to its own source and counts the drops after.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed partial class BpfOutsideDisableLiveTests
{
    private const long SYS_pidfd_open = 434;
    private const long SYS_pidfd_getfd = 438;
    private const nuint PERF_EVENT_IOC_DISABLE = 0x2401;
    private const int Count = 19;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a, long b, long c);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LiveKernelFact]
    public void Disabling_the_programs_perf_event_from_outside_does_not_stop_it()
    {
        using var ns = new NetworkNamespace();
        HashSet<int> before = PerfEventDescriptors();
        using DropMonitor monitor = DropMonitor.Open(new DropMonitorOptions
        {
            Source = DropSourcePreference.Bpf,

            // Only this namespace's drops reach the ring, so a machine busy dropping cannot crowd them out.
            Bpf = new BpfDropSourceOptions { Filter = new KernelFilter(new KernelNumberTest(KernelFilterField.NamespaceInode, KernelComparison.Equal, [ns.Inode])) },
        });
        int perfEvent = Assert.Single(PerfEventDescriptors().Except(before));

        // As another process would: a pidfd for the agent, its perf event's file through pidfd_getfd, DISABLE.
        int pidfd = (int)Syscall(SYS_pidfd_open, Environment.ProcessId, 0, 0);
        Assert.True(pidfd >= 0, $"pidfd_open: errno {Marshal.GetLastPInvokeError()}");
        int stolen = (int)Syscall(SYS_pidfd_getfd, pidfd, perfEvent, 0);
        Assert.True(stolen >= 0, $"pidfd_getfd: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            Assert.Equal(0, Ioctl(stolen, PERF_EVENT_IOC_DISABLE, 0));
        }
        finally
        {
            Close(stolen);
            Close(pidfd);
        }

        using var sender = new DropSender(ns, "127.0.0.1", 9, Count);
        sender.Go();
        var events = new List<DropEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (events.Count(e => e.Pid == sender.Pid) < Count && DateTime.UtcNow < deadline)
        {
            monitor.Wait(TimeSpan.FromMilliseconds(50));
            monitor.ReadAvailable(events);
        }

        Assert.Equal(Count, events.Count);
    }

    private static HashSet<int> PerfEventDescriptors() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Where(f => f.LinkTarget == "anon_inode:[perf_event]")
            .Select(f => int.Parse(f.Name, System.Globalization.CultureInfo.InvariantCulture))
            .ToHashSet();
}
