using System;
using System.Linq;
using NetDrop.Netlink.Generic;

namespace NetDrop.KernelLab.Tests;

/// <summary>
/// A test that needs a kernel with NET_DM, and root. The build machine's kernel has no NET_DM, so
/// there the test is skipped and the skip says how to run it.
/// </summary>
public sealed class KernelLabFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(FindMissing);

    public KernelLabFactAttribute()
    {
        if (Missing.Value is { } missing)
        {
            Skip = $"KERNEL LAB TEST NOT RUN: {missing}. Run it with tests/kernel-lab/run-lab-tests.sh, which boots a kernel that has NET_DM under qemu.";
        }
    }

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "it needs Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "it needs root";
        }

        // Resolving NET_DM by name would load drop_monitor, which is exactly what the lab wants.
        using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();
        try
        {
            connection.ResolveFamily("NET_DM");
            return null;
        }
        catch (GenericNetlinkFamilyNotFoundException)
        {
            return $"this kernel ({Environment.OSVersion.Version}) has no NET_DM";
        }
    }
}
