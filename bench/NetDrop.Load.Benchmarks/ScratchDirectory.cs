using System;
using System.Globalization;
using System.IO;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// /tmp/ndbench-PID-RANDOM (<see cref="PrivateDirectory"/>): the compiled load generator, perf's data files and control fifos. Deleted at
/// the end; the directory of a harness that was killed is deleted by the next one.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private bool _disposed;

    private ScratchDirectory(string path) => Path = path;

    public string Path { get; }

    public static ScratchDirectory Create()
    {
        string temp = System.IO.Path.GetTempPath();
        foreach (string stale in Directory.GetDirectories(temp, LoadNetwork.Prefix + "*"))
        {
            if (LoadNetwork.IsStale(System.IO.Path.GetFileName(stale)))
            {
                TryDelete(stale);
            }
        }

        return new ScratchDirectory(PrivateDirectory.Create(temp));
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            TryDelete(Path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not delete {path}: {exception.Message}");
        }
    }
}
