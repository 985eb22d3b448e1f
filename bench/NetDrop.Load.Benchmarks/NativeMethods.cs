using System.Runtime.InteropServices;

namespace NetDrop.Load.Benchmarks;

/// <summary>The libc calls the harness needs and .NET has no API for: precise CPU time, CPU affinity, signals, fifos.</summary>
internal static partial class NativeMethods
{
    public const int RUSAGE_SELF = 0;
    public const int RUSAGE_THREAD = 1;
    public const int RUSAGE_CHILDREN = -1;
    public const int SIGINT = 2;
    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const short POLLIN = 1;
    public const long SYS_bpf_x64 = 321;
    public const long SYS_bpf_arm64 = 280;
    public const int BPF_ENABLE_STATS = 32;
    public const uint BPF_STATS_RUN_TIME = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long Seconds;
        public long Microseconds;

        public readonly long Nanoseconds => (Seconds * 1_000_000_000L) + (Microseconds * 1000L);
    }

    /// <summary>struct rusage: the two times, then 14 longs the harness does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ResourceUsage
    {
        public TimeVal User;
        public TimeVal System;
        public long MaxRss, Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    public static partial int GetResourceUsage(int who, out ResourceUsage usage);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SetAffinity(int tid, nuint size, ref ulong mask);

    /// <summary>mkdir(2): unlike Directory.CreateDirectory, fails (EEXIST) when the name is already taken, by a symlink too.</summary>
    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeDirectory(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeFifo(string path, uint mode);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(ref PollFd fd, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    /// <summary>bpf(2) through syscall(2) (glibc has no wrapper).</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static partial int Bpf(long number, int command, ref uint attribute, uint size);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
