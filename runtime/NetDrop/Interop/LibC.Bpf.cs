using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>
/// The calls behind the BPF source: bpf(2) and perf_event_open(2), which libc has no wrappers for
/// (reached through syscall(2) by number), ioctl(2) on the perf event, and mmap(2) of the ring buffer.
/// </summary>
internal static unsafe partial class LibC
{

    // PROT_READ, PROT_WRITE, MAP_SHARED, EPERM, EACCES and EINVAL are in LibC.Packet.cs and LibC.Sockets.cs, ENOENT in LibC.Files.cs.
    public const int E2BIG = 7;
    public const int ENOSPC = 28;

    /// <summary>PERF_FLAG_FD_CLOEXEC: the event's descriptor is not inherited by children NetDrop starts.</summary>
    public const nint PERF_FLAG_FD_CLOEXEC = 8;

    /// <summary>_IO('$', 0) and _IOW('$', 8, __u32) from include/uapi/linux/perf_event.h.</summary>
    public const nuint PERF_EVENT_IOC_ENABLE = 0x2400;
    public const nuint PERF_EVENT_IOC_SET_BPF = 0x40042408;

    /// <summary>The syscall numbers, which differ by architecture (asm-generic for arm64).</summary>
    public static nint SysBpf => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 280 : 321;

    public static nint SysPerfEventOpen => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 241 : 298;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static partial nint Syscall3(nint number, nint a1, nint a2, nint a3);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static partial nint Syscall5(nint number, nint a1, nint a2, nint a3, nint a4, nint a5);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(void* address, nuint length);

    /// <summary>bpf(2): <paramref name="attr"/> is a zeroed union bpf_attr of <paramref name="size"/> bytes with the command's fields set.</summary>
    public static int Bpf(int command, byte* attr, int size) => (int)Syscall3(SysBpf, command, (nint)attr, size);

    public static int PerfEventOpen(byte* attr, int pid, int cpu, int groupFd, nint flags) =>
        (int)Syscall5(SysPerfEventOpen, (nint)attr, pid, cpu, groupFd, flags);
}
