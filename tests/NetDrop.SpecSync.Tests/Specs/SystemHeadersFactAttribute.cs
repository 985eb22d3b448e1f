using System.IO;

namespace NetDrop.Tests.Specs;

/// <summary>A test of the system's installed uapi headers; skipped, saying why, where they are missing.</summary>
public sealed class SystemHeadersFactAttribute : FactAttribute
{
    public SystemHeadersFactAttribute()
    {
        if (!File.Exists("/usr/include/linux/net_dropmon.h") || !File.Exists("/usr/include/linux/if_packet.h") || !File.Exists("/usr/include/linux/version.h"))
        {
            Skip = "SYSTEM HEADERS TEST NOT RUN: it needs the kernel's uapi headers in /usr/include (apt-get install linux-libc-dev).";
        }
    }
}
