using System;
using System.Globalization;
using System.IO;

namespace NetDrop.Bpf;

/// <summary>How many CPUs the kernel may ever bring up: per-CPU maps hold a value for each (not only the online ones).</summary>
public static class PossibleCpus
{
    public const string Path = "/sys/devices/system/cpu/possible";

    /// <summary>Parses a CPU list ("0-3", "0,2-5", "0"): the highest CPU plus one.</summary>
    public static int Parse(string list)
    {
        int highest = -1;
        foreach (string part in list.Trim().Split(','))
        {
            string last = part.Contains('-', StringComparison.Ordinal) ? part[(part.IndexOf('-', StringComparison.Ordinal) + 1)..] : part;
            if (!int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) || cpu > 1 << 16)
            {
                throw new FormatException($"'{list}' is not a CPU list (such as 0-3).");
            }

            highest = Math.Max(highest, cpu);
        }

        return highest + 1;
    }

    public static int Count()
    {
        try
        {
            return Parse(File.ReadAllText(Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new BpfException($"cannot read {Path} ({e.Message}), which per-CPU counters need.", 0);
        }
    }
}
