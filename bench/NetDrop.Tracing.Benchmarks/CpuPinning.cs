using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace NetDrop.Tracing.Benchmarks;

/// <summary>Pins every thread of this process to one CPU (threads started later inherit it from their creator).</summary>
internal static class CpuPinning
{
    public static void PinProcess(int cpu)
    {
        if (cpu is < 0 or > 63)
        {
            throw new HarnessException($"CPU {cpu} is out of range");
        }

        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            int tid = int.Parse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture);
            ulong mask = 1UL << cpu;
            if (NativeMethods.SetAffinity(tid, sizeof(ulong), ref mask) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();

                // ESRCH: the thread ended since the listing.
                if (errno != 3)
                {
                    throw new HarnessException($"sched_setaffinity(thread {tid}, CPU {cpu}) failed: errno {errno}");
                }
            }
        }
    }
}
