using System;
using System.IO;

namespace NetDrop.Tests.Specs;

/// <summary>A test that reads the running kernel's skb:kfree_skb format; skipped, saying why, where it cannot.</summary>
public sealed class LiveTracefsFactAttribute : FactAttribute
{
    public const string Format = "/sys/kernel/tracing/events/skb/kfree_skb/format";

    public LiveTracefsFactAttribute()
    {
        string? missing = null;
        try
        {
            if (!OperatingSystem.IsLinux() || !File.Exists(Format))
            {
                missing = "a Linux kernel with tracefs mounted at /sys/kernel/tracing and the skb:kfree_skb tracepoint";
            }
            else
            {
                File.ReadAllText(Format);
            }
        }
        catch (UnauthorizedAccessException)
        {
            missing = "root, to read " + Format;
        }

        if (missing is not null)
        {
            Skip = "LIVE TRACEFS TEST NOT RUN: it needs " + missing + ".";
        }
    }
}
