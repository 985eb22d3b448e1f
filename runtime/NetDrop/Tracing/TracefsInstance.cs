using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDrop.Interop;

namespace NetDrop.Tracing;

/// <summary>
/// A tracefs instance of NetDrop's own (instances/netdrop-PID): its own ring buffers and event
/// switches, so NetDrop never touches the global trace or another tool's instance. Removed on
/// dispose; instances of processes that no longer exist are removed by the next one.
/// </summary>
public sealed class TracefsInstance : IDisposable
{
    public const string NamePrefix = "netdrop-";

    private bool _disposed;

    private TracefsInstance(string path) => Path = path;

    public string Path { get; }

    /// <summary>Creates instances/netdrop-PID under <paramref name="tracefs"/>, first removing stale ones.</summary>
    public static TracefsInstance Create(string tracefs, out IReadOnlyList<string> removedStale)
    {
        string instances = System.IO.Path.Combine(tracefs, "instances");
        if (!Directory.Exists(instances))
        {
            throw new TracefsUnavailableException($"{instances} does not exist: this kernel's tracefs has no instances (Linux 3.13+ needed).");
        }

        removedStale = RemoveStale(instances);
        string path = System.IO.Path.Combine(instances, NamePrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path);
            }

            Directory.CreateDirectory(path);
        }
        catch (IOException exception) when (exception.HResult == LibC.EROFS)
        {
            // Root does not help here, and the way out is the mount's, not the user's.
            throw new TracefsUnavailableException($"cannot create the tracefs instance {path}: tracefs at {tracefs} is mounted read-only; remount it read-write (mount -o remount,rw {tracefs}) or mount tracefs elsewhere, and run again.", exception);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new TracefsUnavailableException($"cannot create the tracefs instance {path}: {exception.Message}. Run as root, or with CAP_DAC_OVERRIDE (tracefs is root-only; docs/faults.md lists what each command needs).", exception);
        }

        return new TracefsInstance(path);
    }

    /// <summary>Removes instances named netdrop-PID whose process is gone (a killed monitor's); returns their paths.</summary>
    public static IReadOnlyList<string> RemoveStale(string instances)
    {
        var removed = new List<string>();
        foreach (string directory in Directory.GetDirectories(instances, NamePrefix + "*"))
        {
            string suffix = System.IO.Path.GetFileName(directory).Substring(NamePrefix.Length);
            if (!int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out _) || Directory.Exists("/proc/" + suffix))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory);
                removed.Add(directory);
            }
            catch (IOException)
            {
                // Still busy (a reader of the dead process's files lingers); the next start tries again.
            }

        }

        return removed;
    }

    /// <summary>Writes <paramref name="value"/> to a control file of the instance (events/skb/kfree_skb/enable, buffer_size_kb…).</summary>
    public void Write(string relativePath, string value)
    {
        string file = System.IO.Path.Combine(Path, relativePath);
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(value);
            stream.Write(bytes, 0, bytes.Length);
        }
        catch (IOException exception)
        {
            throw new IOException($"writing '{value}' to {file} failed: {exception.Message}", exception);
        }
    }

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public bool Exists(string relativePath) => File.Exists(System.IO.Path.Combine(Path, relativePath));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            // Disabling first stops the kernel writing while the directory goes away.
            Write("events/skb/kfree_skb/enable", "0");
        }
        catch (IOException)
        {
        }

        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
            // Busy only while a file of it is open; the next NetDrop start removes it as stale.
        }
    }
}
