using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.Tracing;

namespace NetDrop.Cli.Watch;

/// <summary>
/// The drop reason names the running kernel prints in the kfree_skb format's table, so a filter can name
/// a reason this kernel has and NetDrop's catalogue does not. Read without creating anything; empty when
/// tracefs is not mounted or not readable (the catalogue alone is used then).
/// </summary>
internal static class KernelReasonTable
{
    public static IReadOnlyList<string> Read()
    {
        var names = new List<string>();
        foreach ((_, string name) in ReadEntries())
        {
            names.Add(name);
        }

        return names;
    }

    /// <summary>The numbers with their names, as the tracepoint and BPF sources map them; empty when unreadable.</summary>
    public static IReadOnlyList<(uint Number, string Name)> ReadEntries()
    {
        try
        {
            string tracefs = Tracefs.FindMount(File.ReadAllText("/proc/mounts")) ?? Tracefs.DefaultMountPoint;
            return KernelDropReasons.Read(tracefs).Entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            return [];
        }
    }
}
