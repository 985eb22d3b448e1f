using System.IO;

namespace NetDrop.Generators.Tests;

/// <summary>A test of the system's installed uapi headers; skipped, saying why, where they are missing.</summary>
public sealed class UapiHeadersFactAttribute : FactAttribute
{
    public UapiHeadersFactAttribute()
    {
        if (!File.Exists("/usr/include/linux/genetlink.h"))
        {
            Skip = "UAPI HEADERS TEST NOT RUN: it needs the kernel's uapi headers in /usr/include (apt-get install linux-libc-dev).";
        }
    }
}
