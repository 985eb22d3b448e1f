using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.Load.Benchmarks;

/// <summary>Command lines of the external readers, pinned to the reader CPU with taskset when there is one.</summary>
internal static class ReaderCommand
{
    public static string[] Pinned(int? cpu, params string[] command)
    {
        var arguments = new List<string>();
        if (cpu is int value)
        {
            arguments.AddRange(new[] { "taskset", "-c", value.ToString(CultureInfo.InvariantCulture) });
        }

        arguments.AddRange(command);
        return arguments.ToArray();
    }
}
