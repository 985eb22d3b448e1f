using System;
using System.Globalization;
using System.IO;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// /dev/shm/ndbench-PID-RANDOM (<see cref="PrivateDirectory"/>): where the capture programs write their files, on tmpfs, so the benchmark
/// measures the programs and not the disk. Each file is removed after its run; the directory at the
/// end, and that of a harness that was killed by the next one.
/// </summary>
internal sealed class CaptureFileDirectory : IDisposable
{
    private const string Root = "/dev/shm";

    private bool _disposed;

    private CaptureFileDirectory(string path) => Path = path;

    public string Path { get; }

    public static CaptureFileDirectory Create()
    {
        if (!IsTmpfs(Root))
        {
            throw new HarnessException($"{Root} is not a tmpfs: the capture files would go to a disk; mount one there (mount -t tmpfs tmpfs {Root})");
        }

        foreach (string stale in Directory.GetDirectories(Root, LoadNetwork.Prefix + "*"))
        {
            if (LoadNetwork.IsStale(System.IO.Path.GetFileName(stale)))
            {
                Directory.Delete(stale, recursive: true);
            }
        }

        return new CaptureFileDirectory(PrivateDirectory.Create(Root));
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Deletes a run's file and returns its size (0 when the program wrote none).</summary>
    public long Remove(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            return 0;
        }

        long length = info.Length;
        info.Delete();
        return length;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not delete {Path}: {exception.Message}");
        }
    }

    /// <summary>Whether <paramref name="path"/> is a tmpfs mount point, from /proc/self/mounts.</summary>
    private static bool IsTmpfs(string path)
    {
        foreach (string line in System.IO.File.ReadLines("/proc/self/mounts"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length > 2 && fields[1] == path && fields[2] == "tmpfs")
            {
                return true;
            }
        }

        return false;
    }
}
