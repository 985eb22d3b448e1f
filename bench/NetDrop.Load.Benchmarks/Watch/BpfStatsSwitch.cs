using System;
using System.Runtime.InteropServices;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The kernel's BPF run-time statistics (run_cnt, run_time_ns) turned on for the benchmark with
/// bpf(BPF_ENABLE_STATS), the descriptor form of sysctl kernel.bpf_stats_enabled=1: they stay on while
/// the descriptor is open and go off with it (or with the process), and another user of the sysctl or of
/// its own descriptor is left as it was. While on, the kernel times every program's runs, all alike.
/// </summary>
internal sealed class BpfStatsSwitch : IDisposable
{
    private readonly int _fd;

    private BpfStatsSwitch(int fd) => _fd = fd;

    public static BpfStatsSwitch Enable()
    {
        // union bpf_attr { struct { __u32 type; } enable_stats; }: BPF_STATS_RUN_TIME is 0.
        uint type = NativeMethods.BPF_STATS_RUN_TIME;
        long number = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? NativeMethods.SYS_bpf_arm64 : NativeMethods.SYS_bpf_x64;
        int fd = NativeMethods.Bpf(number, NativeMethods.BPF_ENABLE_STATS, ref type, sizeof(uint));
        return fd >= 0
            ? new BpfStatsSwitch(fd)
            : throw new HarnessException($"bpf(BPF_ENABLE_STATS) failed: errno {Marshal.GetLastPInvokeError()} (it needs Linux 5.8 and CAP_SYS_ADMIN)");
    }

    public void Dispose() => NativeMethods.Close(_fd);
}
