using System;
using System.IO;

namespace NetDrop.Load.Benchmarks;

/// <summary>The loadgen program (loadgen.c), compiled with gcc into the scratch directory when the harness starts.</summary>
internal sealed class LoadGenerator
{
    private LoadGenerator(string path) => Path = path;

    /// <summary>The compiled binary.</summary>
    public string Path { get; }

    public static LoadGenerator Compile(ScratchDirectory scratch)
    {
        string source = System.IO.Path.Combine(AppContext.BaseDirectory, "loadgen.c");
        if (!File.Exists(source))
        {
            throw new HarnessException($"{source} is missing: the project copies loadgen.c to its output; rebuild it");
        }

        string binary = scratch.File("loadgen");
        try
        {
            Shell.Run("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", binary, source);
        }
        catch (HarnessException exception)
        {
            throw new HarnessException("compiling the load generator failed (is gcc installed? apt-get install gcc libc6-dev): " + exception.Message, exception);
        }

        return new LoadGenerator(binary);
    }
}
