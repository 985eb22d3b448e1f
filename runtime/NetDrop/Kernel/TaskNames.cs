using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetDrop.Kernel;

/// <summary>
/// The process and name of a thread the tracepoint names only by its id (common_pid), read from
/// /proc/TID/status and /proc/TID/comm while the thread exists. Each answer, a gone thread's too, is
/// kept for a second: a sender causing thousands of drops a second costs one look a second, and a
/// thread id the kernel reuses is taken for the new thread within that second at most.
/// </summary>
public sealed class TaskNames
{
    private const int MaxEntries = 4096;
    private const long TimeToLiveMilliseconds = 1000;

    /// <summary>CPUs whose idle task's name is kept; the kernel's own limit (NR_CPUS) is 8192.</summary>
    private const int MaxIdleNames = 8192;

    private readonly Dictionary<int, Entry> _entries = new();
    private string?[] _idleNames = new string?[Math.Max(1, Environment.ProcessorCount)];
    private readonly string _proc;

    /// <param name="procPath">Where procfs is mounted; it must show the PID namespace the kernel's ids come from (the initial one).</param>
    public TaskNames(string procPath = "/proc") => _proc = procPath;

    /// <summary>
    /// The thread group (process) id and name of thread <paramref name="tid"/>; false when the thread is
    /// gone. Thread 0 is the idle task of <paramref name="cpu"/> (drops in a softirq the CPU ran while
    /// idle), which the kernel names swapper/CPU.
    /// </summary>
    public bool TryGet(int tid, int cpu, out int pid, out string? comm)
    {
        pid = 0;
        comm = null;
        if (tid < 0)
        {
            return false;
        }

        if (tid == 0)
        {
            comm = IdleTaskName(cpu);
            return true;
        }

        long now = Environment.TickCount64;
        if (!_entries.TryGetValue(tid, out Entry entry) || now >= entry.Expires)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            entry = Read(tid, now + TimeToLiveMilliseconds);
            _entries[tid] = entry;
        }

        if (entry.Comm is null)
        {
            return false;
        }

        pid = entry.Pid;
        comm = entry.Comm;
        return true;
    }

    /// <summary>"swapper/CPU", made once per CPU: softirq drops on an idle CPU name it every time.</summary>
    private string IdleTaskName(int cpu)
    {
        if (cpu < 0 || cpu >= MaxIdleNames)
        {
            return cpu >= 0 ? "swapper/" + cpu.ToString(CultureInfo.InvariantCulture) : "swapper";
        }

        if (cpu >= _idleNames.Length)
        {
            Array.Resize(ref _idleNames, Math.Min(MaxIdleNames, Math.Max(cpu + 1, _idleNames.Length * 2)));
        }

        return _idleNames[cpu] ??= "swapper/" + cpu.ToString(CultureInfo.InvariantCulture);
    }

    private Entry Read(int tid, long expires)
    {
        string directory = _proc + "/" + tid.ToString(CultureInfo.InvariantCulture);
        string? status = ReadSmall(directory + "/status");
        string? comm = ReadSmall(directory + "/comm");
        if (status is null || comm is null || Tgid(status) is not { } pid)
        {
            return new Entry(0, null, expires);
        }

        // comm is at most 15 bytes and a newline; anything longer is not the kernel's.
        comm = comm.TrimEnd('\n');
        return new Entry(pid, comm.Length > 15 ? comm[..15] : comm, expires);
    }

    private static int? Tgid(string status)
    {
        foreach (string line in status.Split('\n'))
        {
            if (line.StartsWith("Tgid:", StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(5).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                return pid;
            }
        }

        return null;
    }

    // /proc files are small; a read is bounded anyway, so a file that is not procfs's cannot make it large.
    private static string? ReadSmall(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            Span<byte> buffer = stackalloc byte[4096];
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer[total..])) > 0)
            {
                total += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer[..total]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private readonly record struct Entry(int Pid, string? Comm, long Expires);
}
