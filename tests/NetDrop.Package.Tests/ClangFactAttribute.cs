using System;
using System.IO;
using System.Linq;

namespace NetDrop.Package.Tests;

/// <summary>A test that publishes the NativeAOT binary, which links with clang; skipped, naming the package, where clang is not on PATH.</summary>
public sealed class ClangFactAttribute : FactAttribute
{
    public ClangFactAttribute()
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "clang")));
        if (!found)
        {
            Skip = "TOOL TEST NOT RUN: publishing the NativeAOT binary needs clang (apt-get install clang zlib1g-dev), which is not on PATH here.";
        }
    }
}
