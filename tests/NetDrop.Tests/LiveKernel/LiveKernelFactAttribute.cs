using System;
using System.IO;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// A test against the machine's own kernel: it creates network namespaces and a tracefs instance,
/// which needs root. Elsewhere it is skipped, and the skip says why.
/// </summary>
public sealed class LiveKernelFactAttribute : FactAttribute
{
    public LiveKernelFactAttribute()
    {
        string? missing = !OperatingSystem.IsLinux() ? "Linux"
            : !Environment.IsPrivilegedProcess ? "root (run the tests as root)"
            : !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") ? "iproute2 (apt-get install iproute2)"
            : null;
        if (missing is not null)
        {
            Skip = "LIVE KERNEL TEST NOT RUN: it needs " + missing + " to create network namespaces and a tracefs instance.";
        }
    }
}
