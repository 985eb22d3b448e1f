using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDrop.Interop;

namespace NetDrop.Tracing;

/// <summary>
/// A tracefs instance of NetDrop's own (instances/netdrop-PIDNS-PID-START, see
/// <see cref="TracefsInstanceOwner"/>): its own ring buffers and event switches, so NetDrop never touches
/// the global trace or another tool's instance. Tracefs is one for the whole machine, so the name holds
/// the PID namespace as well as the PID. Removed on dispose; instances whose owner is provably gone are
/// removed by the next one.
/// </summary>
public sealed class TracefsInstance : IDisposable
{
    public const string NamePrefix = "netdrop-";

    private bool _disposed;

    private TracefsInstance(string path) => Path = path;

    public string Path { get; }

    /// <summary>The instance name for <paramref name="owner"/>.</summary>
    public static string NameFor(TracefsInstanceOwner owner) => NamePrefix + owner.Token;

    /// <summary>Creates this process's instance under <paramref name="tracefs"/>, first removing stale ones.</summary>
    public static TracefsInstance Create(string tracefs, out IReadOnlyList<string> removedStale) =>
        Create(tracefs, out removedStale, out _);

    /// <summary>
    /// As <see cref="Create(string, out IReadOnlyList{string})"/>; <paramref name="leftAlone"/> lists the
    /// instances of other PID namespaces whose owner this process cannot check, which are kept.
    /// </summary>
    public static TracefsInstance Create(string tracefs, out IReadOnlyList<string> removedStale, out IReadOnlyList<string> leftAlone)
    {
        string instances = System.IO.Path.Combine(tracefs, "instances");
        if (!Directory.Exists(instances))
        {
            throw new TracefsUnavailableException($"{instances} does not exist: this kernel's tracefs has no instances (Linux 3.13+ needed).");
        }

        TracefsInstanceOwner owner = TracefsInstanceOwner.Current;
        removedStale = RemoveStale(instances, owner, out leftAlone);
        string path = System.IO.Path.Combine(instances, NameFor(owner));
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path);
            }

            Directory.CreateDirectory(path);
        }
        catch (IOException exception) when ((Errno)exception.HResult == Errno.EROFS)
        {
            // Root does not help here, and the way out is the mount's, not the user's.
            throw new TracefsUnavailableException($"cannot create the tracefs instance {path}: tracefs at {tracefs} is mounted read-only; remount it read-write (mount -o remount,rw {tracefs}) or mount tracefs elsewhere, and run again.", exception, Errno.EROFS);
        }
        catch (IOException exception) when ((Errno)exception.HResult == Errno.EBUSY)
        {
            // Only a process with this very name (same PID namespace, PID and start time) holds it open.
            throw new TracefsUnavailableException($"cannot create the tracefs instance {path}: an instance of that name exists and is in use (EBUSY); stop the process reading it, or remove it with rmdir once nothing reads it, and run again.", exception, Errno.EBUSY);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new TracefsUnavailableException($"cannot create the tracefs instance {path}: {exception.Message}. Run as root, or with CAP_DAC_OVERRIDE (tracefs is root-only; docs/faults.md lists what each command needs).", exception);
        }

        return new TracefsInstance(path);
    }

    /// <summary>Removes the instances whose owner is provably gone (a killed monitor's); returns their paths.</summary>
    public static IReadOnlyList<string> RemoveStale(string instances) =>
        RemoveStale(instances, TracefsInstanceOwner.Current, out _);

    /// <summary>
    /// Removes the instances whose owner is provably gone: its PID namespace is this process's and no
    /// process there has its PID and start time; or, seen from the initial PID namespace, no process
    /// anywhere matches it. Instances of other namespaces that cannot be checked go in
    /// <paramref name="leftAlone"/> and stay. An older NetDrop's netdrop-PID is removed when, seen from the
    /// initial PID namespace, /proc has no such PID.
    /// </summary>
    public static IReadOnlyList<string> RemoveStale(string instances, TracefsInstanceOwner self, out IReadOnlyList<string> leftAlone)
    {
        var removed = new List<string>();
        var unverifiable = new List<string>();
        // Read once, and only when an instance of another namespace needs it.
        Lazy<List<(ulong? PidNamespace, int? ProcessId, ulong StartTime)>?> everyProcess = new(EveryProcess);
        foreach (string directory in Directory.GetDirectories(instances, NamePrefix + "*"))
        {
            string suffix = System.IO.Path.GetFileName(directory).Substring(NamePrefix.Length);
            bool gone;
            if (TracefsInstanceOwner.TryParse(suffix, out TracefsInstanceOwner owner))
            {
                if (owner.PidNamespace == self.PidNamespace)
                {
                    gone = TracefsInstanceOwner.ForProcess(owner.ProcessId.ToString(CultureInfo.InvariantCulture), owner.ProcessId) != owner;
                }
                else if (self.PidNamespace == TracefsInstanceOwner.InitialPidNamespace
                    && everyProcess.Value is { } all)
                {
                    // What a process hides (its namespace or PID, to a process that may not look) counts as a match.
                    gone = !all.Exists(p => p.StartTime == owner.StartTime
                        && (p.PidNamespace ?? owner.PidNamespace) == owner.PidNamespace
                        && (p.ProcessId ?? owner.ProcessId) == owner.ProcessId);
                }
                else
                {
                    unverifiable.Add(directory);
                    continue;
                }
            }
            else if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                // An older NetDrop's name says only the PID, which means something only where most
                // NetDrops ran: the initial PID namespace. Anywhere else it stays.
                if (self.PidNamespace != TracefsInstanceOwner.InitialPidNamespace)
                {
                    unverifiable.Add(directory);
                    continue;
                }

                gone = !Directory.Exists("/proc/" + suffix);
            }
            else
            {
                continue;
            }

            if (!gone)
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

        leftAlone = unverifiable;
        return removed;
    }

    /// <summary>
    /// Every process /proc shows, as PID namespace, PID in it and start time; the first two null where
    /// /proc will not say (a process of another user namespace hides its namespace link). Null when a
    /// process's start time cannot be read: then no owner can be proved gone.
    /// </summary>
    private static List<(ulong? PidNamespace, int? ProcessId, ulong StartTime)>? EveryProcess()
    {
        var processes = new List<(ulong?, int?, ulong)>();
        foreach (string entry in Directory.GetDirectories("/proc"))
        {
            string name = System.IO.Path.GetFileName(entry);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            if (TracefsInstanceOwner.ForProcess(name, pid) is { } process)
            {
                processes.Add((process.PidNamespace, process.ProcessId, process.StartTime));
                continue;
            }

            ulong? start;
            try
            {
                start = TracefsInstanceOwner.StartTimeOf(name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                start = null;
            }

            if (start is { } known)
            {
                processes.Add((null, null, known));
            }
            else if (Directory.Exists(entry))
            {
                return null;
            }
        }

        return processes;
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
