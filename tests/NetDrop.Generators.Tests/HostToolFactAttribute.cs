using System;
using System.IO;

namespace NetDrop.Generators.Tests;

/// <summary>
/// A live test that compares with a host tool (genl, ethtool, conntrack); skipped, saying why and naming
/// the package, without root or the tool. The tools are looked up on PATH.
/// </summary>
public sealed class HostToolFactAttribute : FactAttribute
{
    /// <param name="tool">The program (genl).</param>
    /// <param name="package">The Debian package holding it (iproute2).</param>
    public HostToolFactAttribute(string tool, string package)
    {
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
        {
            Skip = $"LIVE TEST NOT RUN: it works in a network namespace of its own or reads kernel state beside '{tool}', which needs root.";
        }
        else if (!OnPath(tool))
        {
            Skip = $"LIVE TEST NOT RUN: it compares with '{tool}', which is not installed (apt-get install {package}).";
        }
    }

    private static bool OnPath(string tool)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, tool)))
            {
                return true;
            }
        }

        return false;
    }
}
