using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using NetDrop.Interop;

namespace NetDrop.Load.Benchmarks;

/// <summary>Which CPUs the reader and the generator get, and pinning every thread of this process to one CPU (threads started later inherit it from their creator).</summary>
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
                var errno = (Errno)Marshal.GetLastPInvokeError();

                // The thread ended since the listing.
                if (errno != Errno.ESRCH)
                {
                    throw new HarnessException($"sched_setaffinity(thread {tid}, CPU {cpu}) failed: {errno.Name()}");
                }
            }
        }
    }

    /// <summary>Reader and generator on different CPUs; without two CPUs the run goes on unpinned and says so.</summary>
    public static (int? Reader, int? Generator) Choose(int readerCpu, int generatorCpu)
    {
        int cpus = Environment.ProcessorCount;
        if (cpus < 2)
        {
            Console.WriteLine($"warning: only {cpus} CPU: the reader cannot have a CPU of its own; nothing is pinned and the numbers include contention with the generator");
            return (null, null);
        }

        if (readerCpu == generatorCpu || readerCpu >= cpus || generatorCpu >= cpus || readerCpu < 0 || generatorCpu < 0)
        {
            throw new ArgumentException($"--reader-cpu and --generator-cpu must be two different CPUs of 0..{cpus - 1}");
        }

        return (readerCpu, generatorCpu);
    }
}
