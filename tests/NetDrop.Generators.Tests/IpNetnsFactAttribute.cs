using System;
using System.IO;

namespace NetDrop.Generators.Tests;

/// <summary>A test against the live kernel in a network namespace of its own; skipped, saying why, without root or iproute2.</summary>
public sealed class IpNetnsFactAttribute : FactAttribute
{
    public IpNetnsFactAttribute()
    {
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
        {
            Skip = "LIVE RTNETLINK TEST NOT RUN: it makes a network namespace, which needs root.";
        }
        else if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
        {
            Skip = "LIVE RTNETLINK TEST NOT RUN: it compares with 'ip -j link', which needs iproute2.";
        }
    }
}
