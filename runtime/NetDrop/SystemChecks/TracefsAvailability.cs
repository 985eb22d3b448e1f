using System;
using System.IO;
using NetDrop.Tracing;

namespace NetDrop.SystemChecks;

/// <summary>Where tracefs is mounted, found as the tracepoint source finds it, without mounting it.</summary>
/// <param name="MountPoint">The mount point, or null when tracefs is not mounted.</param>
/// <param name="CanMount">When not mounted: whether the directory NetDrop would mount it on exists (the kernel has tracing).</param>
public sealed record TracefsAvailability(string? MountPoint, bool CanMount)
{
    public static TracefsAvailability Probe() => From(File.ReadAllText("/proc/mounts"), Directory.Exists(Tracefs.DefaultMountPoint));

    /// <summary>The availability from a /proc/mounts text.</summary>
    public static TracefsAvailability From(string procMounts, bool defaultMountPointExists) =>
        new(Tracefs.FindMount(procMounts), defaultMountPointExists);

    public Finding Assess()
    {
        const string Topic = "tracefs";
        if (MountPoint is not null)
        {
            return Finding.Ok(Topic, "mounted at " + MountPoint);
        }

        return CanMount
            ? Finding.Warning(Topic, "not mounted",
                $"NetDrop mounts it at {Tracefs.DefaultMountPoint} when run as root; or mount it now: mount -t tracefs nodev {Tracefs.DefaultMountPoint}")
            : Finding.Missing(Topic, $"not mounted, and {Tracefs.DefaultMountPoint} does not exist",
                "use a kernel built with CONFIG_TRACING for the tracepoint source, or one with NET_DM, which needs no tracefs");
    }
}
