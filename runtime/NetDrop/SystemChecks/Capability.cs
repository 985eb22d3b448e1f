namespace NetDrop.SystemChecks;

/// <summary>The Linux capabilities that matter to drop monitoring, numbered as in include/uapi/linux/capability.h.</summary>
public enum Capability
{
    /// <summary>CAP_NET_ADMIN: configure and start NET_DM.</summary>
    NetAdmin = 12,

    /// <summary>CAP_NET_RAW: open AF_PACKET sockets.</summary>
    NetRaw = 13,

    /// <summary>CAP_SYS_ADMIN: join NET_DM's alert group on newer kernels, mount tracefs.</summary>
    SysAdmin = 21,

    /// <summary>CAP_PERFMON (Linux 5.8): perf and tracing without CAP_SYS_ADMIN, for eBPF-based tools.</summary>
    Perfmon = 38,

    /// <summary>CAP_BPF (Linux 5.8): loading BPF programs without CAP_SYS_ADMIN, for eBPF-based tools.</summary>
    Bpf = 39,
}
