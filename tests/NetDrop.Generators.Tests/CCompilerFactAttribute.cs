using System.IO;

namespace NetDrop.Generators.Tests;

/// <summary>A test that compiles C against the installed uapi headers; skipped, saying why, without gcc or the headers.</summary>
public sealed class CCompilerFactAttribute : FactAttribute
{
    public CCompilerFactAttribute()
    {
        if (!File.Exists("/usr/include/linux/genetlink.h"))
        {
            Skip = "UAPI VALUES TEST NOT RUN: it needs the kernel's uapi headers in /usr/include (apt-get install linux-libc-dev).";
        }
        else if (!File.Exists("/usr/bin/gcc") && !File.Exists("/usr/local/bin/gcc"))
        {
            Skip = "UAPI VALUES TEST NOT RUN: it needs gcc to ask the headers for their values (apt-get install gcc).";
        }
    }
}
