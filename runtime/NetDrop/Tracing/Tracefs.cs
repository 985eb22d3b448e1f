using System;
using System.IO;
using NetDrop.Interop;

namespace NetDrop.Tracing;

/// <summary>Finds the tracefs mount (from /proc/mounts), mounting it at /sys/kernel/tracing when it is not mounted.</summary>
public static class Tracefs
{
    public const string DefaultMountPoint = "/sys/kernel/tracing";

    /// <summary>The tracefs mount point, from a /proc/mounts text; null when tracefs is not mounted.</summary>
    public static string? FindMount(string procMounts)
    {
        string? debugfs = null;
        foreach (string line in procMounts.Split('\n'))
        {
            string[] fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            // Mount points escape spaces as \040.
            string mountPoint = fields[1].Replace("\\040", " ");
            if (fields[2] == "tracefs")
            {
                return mountPoint;
            }

            if (fields[2] == "debugfs")
            {
                debugfs = mountPoint + "/tracing";
            }
        }

        // Old kernels reach tracefs through debugfs/tracing, which mounts it on first access.
        return debugfs is not null && Directory.Exists(debugfs) ? debugfs : null;
    }

    /// <summary>The tracefs mount point, mounting tracefs if needed. Throws <see cref="TracefsUnavailableException"/> saying what to do.</summary>
    public static string Locate()
    {
        string? found = FindMount(File.ReadAllText("/proc/mounts"));
        if (found is not null)
        {
            return found;
        }

        if (!Directory.Exists(DefaultMountPoint))
        {
            throw new TracefsUnavailableException($"tracefs is not mounted and {DefaultMountPoint} does not exist: this kernel was built without CONFIG_TRACING, so the skb:kfree_skb source cannot be used.");
        }

        if (LibC.Mount("nodev", DefaultMountPoint, "tracefs", 0, 0) != 0)
        {
            Errno errno = LibC.LastError;
            throw new TracefsUnavailableException(
                $"tracefs is not mounted and mounting it at {DefaultMountPoint} failed ({errno.Name()}): run as root (or with CAP_SYS_ADMIN), or mount it first: mount -t tracefs nodev {DefaultMountPoint}", errno: errno);
        }

        return DefaultMountPoint;
    }
}
