using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// CPU time (user + system) in nanoseconds. getrusage for this process and thread; for another
/// process, /proc/PID/task/*/schedstat, whose run time is exact (stat's ticks are 10 ms coarse) and
/// is the same clock wait4's rusage is scaled to, so the two can be subtracted.
/// </summary>
internal static class CpuClock
{
    public static long Process() => Usage(NativeMethods.RUSAGE_SELF);

    public static long CurrentThread() => Usage(NativeMethods.RUSAGE_THREAD);

    /// <summary>CPU of every child waited for so far: a whole process's, to its end, as the difference around one run.</summary>
    public static long WaitedChildren() => Usage(NativeMethods.RUSAGE_CHILDREN);

    /// <summary>The calling thread's user and system time apart: parsing in user space, reading in the kernel.</summary>
    public static (long User, long System) CurrentThreadSplit()
    {
        if (NativeMethods.GetResourceUsage(NativeMethods.RUSAGE_THREAD, out NativeMethods.ResourceUsage usage) != 0)
        {
            throw new HarnessException("getrusage failed: errno " + Marshal.GetLastPInvokeError());
        }

        return (usage.User.Nanoseconds, usage.System.Nanoseconds);
    }

    /// <summary>Run time so far of every thread of <paramref name="pid"/>.</summary>
    public static long OfProcess(int pid)
    {
        long total = 0;
        foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                string text = File.ReadAllText(Path.Combine(task, "schedstat"));
                int space = text.IndexOf(' ');
                total += long.Parse(text.AsSpan(0, space < 0 ? text.Length : space), NumberStyles.None, CultureInfo.InvariantCulture);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A thread that ended between the listing and the read: its time is in the process's rusage.
            }
        }

        return total;
    }

    /// <summary>Nanoseconds the calling thread has spent runnable but waiting for a CPU (schedstat's run_delay).</summary>
    public static long CurrentThreadRunDelay()
    {
        string[] fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
        return fields.Length > 1 ? long.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture) : 0;
    }

    private static long Usage(int who)
    {
        if (NativeMethods.GetResourceUsage(who, out NativeMethods.ResourceUsage usage) != 0)
        {
            throw new HarnessException("getrusage failed: errno " + Marshal.GetLastPInvokeError());
        }

        return usage.User.Nanoseconds + usage.System.Nanoseconds;
    }
}
