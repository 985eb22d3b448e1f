using System;
using System.IO;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// A test against the machine's own kernel: it creates network namespaces and a tracefs instance,
/// which needs root. Elsewhere it is skipped, and the skip says why.
/// </summary>
public sealed class LiveKernelFactAttribute : FactAttribute
{
    /// <param name="tools">Host tools the test runs (nft, tshark, tcpdump …; see <see cref="RequiredTools"/>): without one it is skipped, naming the package.</param>
    public LiveKernelFactAttribute(params string[] tools)
    {
        Skip = SkipReason() ?? RequiredTools.SkipReason(tools);
    }

    /// <summary>Why a live kernel test cannot run here, or null when it can.</summary>
    internal static string? SkipReason()
    {
        string? missing = !OperatingSystem.IsLinux() ? "Linux"
            : !Environment.IsPrivilegedProcess ? "root (run the tests as root)"
            : !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") ? "iproute2 (apt-get install iproute2)"
            : null;
        return missing is null ? null : "LIVE KERNEL TEST NOT RUN: it needs " + missing + " to create network namespaces and a tracefs instance.";
    }
}

/// <summary>A live kernel test with data (see <see cref="LiveKernelFactAttribute"/>); skipped, saying why, where it cannot run.</summary>
public sealed class LiveKernelTheoryAttribute : TheoryAttribute
{
    public LiveKernelTheoryAttribute(params string[] tools)
    {
        Skip = LiveKernelFactAttribute.SkipReason() ?? RequiredTools.SkipReason(tools);
    }
}
