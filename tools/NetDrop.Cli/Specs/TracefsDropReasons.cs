using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.SpecSync.Headers;
using NetDrop.SpecSync.Kernel;
using NetDrop.Tracing;

namespace NetDrop.Cli.Specs;

/// <summary>
/// The running kernel's drop reasons, from the __print_symbolic table of
/// events/skb/kfree_skb/format (the runtime's own parser): names and numbers, no doc comments.
/// </summary>
internal static class TracefsDropReasons
{
    /// <param name="tracefs">The tracefs mount.</param>
    /// <param name="named">The user named the directory (--tracefs-dir): read it with the user's own rights,
    /// not with a capability netdrop holds for the real tracefs.</param>
    public static KernelSnapshot Read(string tracefs, bool named, KernelVersion? version)
    {
        string path = KfreeSkbFormat.PathUnder(tracefs);
        string text;
        try
        {
            text = named ? NetDrop.Files.SafeFile.ReadAllText(path) : File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new HeaderFormatException(path, 0, $"cannot be read ({exception.Message}): run as root, and on a kernel with tracing (CONFIG_TRACING) and the skb:kfree_skb tracepoint");
        }

        TraceEventFormat format;
        try
        {
            format = TraceEventFormat.Parse(text);
        }
        catch (FormatException exception)
        {
            throw new HeaderFormatException(path, 0, "is not a tracepoint format file: " + exception.Message);
        }

        var reasons = new List<KernelDropReason>();
        foreach ((uint number, string name) in KernelDropReasons.From(format).Entries)
        {
            reasons.Add(new KernelDropReason(name, number, null));
        }

        if (reasons.Count == 0)
        {
            throw new HeaderFormatException(path, 0, "prints no drop-reason table (__print_symbolic(REC->reason, …)): this kernel is older than 5.17, which added drop reasons");
        }

        KernelVersion resolved = version ?? (KernelVersion.TryParse(ReadRelease(), out KernelVersion running) ? running
            : throw new HeaderFormatException("/proc/sys/kernel/osrelease", 0, "does not give a kernel version; pass --kernel-version"));
        return new KernelSnapshot(resolved, path, reasons, null, null);
    }

    private static string? ReadRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
