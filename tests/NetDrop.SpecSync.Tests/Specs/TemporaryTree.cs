using System;
using System.IO;

namespace NetDrop.Tests.Specs;

/// <summary>A header tree of a test's own in a temporary folder, deleted on dispose.</summary>
internal sealed class TemporaryTree : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"netdrop-headers-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public string Write(string relative, string text)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Copies a file of another tree to the same place in this one.</summary>
    public string Copy(string fromRoot, string relative) => Write(relative, File.ReadAllText(Path.Combine(fromRoot, relative)));

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
