using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The kernel's own count of a process's BPF programs' runs and their run time (run_cnt, run_time_ns in
/// /proc/PID/fdinfo of each bpf-prog descriptor, kept while kernel.bpf_stats_enabled is 1): the in-kernel
/// cost of one drop, measured by the kernel for bpftrace's program and NetDrop's alike. Summed over the
/// process's programs (one each here); a descriptor shared twice counts once, by program id.
/// </summary>
internal readonly record struct BpfRunStatistics(long Runs, long RunNanoseconds, int Programs, long Instructions)
{
    public static BpfRunStatistics Of(int pid)
    {
        var seen = new HashSet<long>();
        long runs = 0;
        long nanoseconds = 0;
        long instructions = 0;
        string[] descriptors;
        try
        {
            descriptors = Directory.GetFiles($"/proc/{pid}/fd");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return default;
        }

        foreach (string descriptor in descriptors)
        {
            string? target;
            try
            {
                // The link's own text: anon_inode:bpf-prog is no path to resolve.
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (target != "anon_inode:bpf-prog")
            {
                continue;
            }

            Dictionary<string, string> info = FdInfo(pid, Path.GetFileName(descriptor));
            if (!info.TryGetValue("prog_id", out string? id) || !seen.Add(long.Parse(id, CultureInfo.InvariantCulture)))
            {
                continue;
            }

            runs += Number(info, "run_cnt");
            nanoseconds += Number(info, "run_time_ns");
            instructions += Number(info, "verified_insns");
        }

        return new BpfRunStatistics(runs, nanoseconds, seen.Count, instructions);
    }

    /// <summary>What happened between two snapshots of the same process.</summary>
    public BpfRunStatistics Since(BpfRunStatistics earlier) =>
        new(Runs - earlier.Runs, RunNanoseconds - earlier.RunNanoseconds, Programs, Instructions);

    /// <summary>Mean run time per run, in nanoseconds; NaN without runs.</summary>
    public double NanosecondsPerRun => Runs > 0 ? (double)RunNanoseconds / Runs : double.NaN;

    private static Dictionary<string, string> FdInfo(int pid, string fd)
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (string line in File.ReadAllLines($"/proc/{pid}/fdinfo/{fd}"))
            {
                int colon = line.IndexOf(':');
                if (colon > 0)
                {
                    info[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The descriptor closed since the listing.
        }

        return info;
    }

    private static long Number(Dictionary<string, string> info, string key) =>
        info.TryGetValue(key, out string? value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) ? number : 0;
}
