using System;
using System.IO;

namespace NetDrop.Tests.Specs;

/// <summary>Where the header test data, the repository's specs and a scratch copy of them are.</summary>
internal static class SpecSyncFiles
{
    public static string Headers61 => Path.Combine(AppContext.BaseDirectory, "testdata", "kernel-headers", "6.1");

    public static string HeadersUpstream => Path.Combine(AppContext.BaseDirectory, "testdata", "kernel-headers", "upstream-a42d71e");

    /// <summary>The clone this test assembly was built from (the folder holding Toolkit.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
            {
                if (File.Exists(Path.Combine(directory, "Toolkit.sln")))
                {
                    return directory;
                }
            }

            throw new InvalidOperationException("Toolkit.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A scratch copy of specs/*.yaml (not specs/kernel) that a test may change; deleted on dispose.</summary>
    public sealed class ScratchSpecs : IDisposable
    {
        public ScratchSpecs()
        {
            Directory.CreateDirectory(Path);
            foreach (string file in Directory.GetFiles(System.IO.Path.Combine(RepoRoot, "specs"), "*.yaml"))
            {
                File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
            }
        }

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"netdrop-specs-{Environment.ProcessId}-{Guid.NewGuid():N}");

        public string Read(string name) => File.ReadAllText(System.IO.Path.Combine(Path, name));

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
