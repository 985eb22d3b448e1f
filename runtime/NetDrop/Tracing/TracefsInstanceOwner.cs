using System;
using System.Globalization;
using System.IO;

namespace NetDrop.Tracing;

/// <summary>
/// The process a tracefs instance belongs to, as its name records it: PID namespace (the inode of
/// /proc/PID/ns/pid), the PID inside that namespace and the process's start time (field 22 of
/// /proc/PID/stat, clock ticks after boot). The namespace keeps two processes with the same PID in
/// different namespaces from choosing the same name; the start time tells a live owner from a later
/// process that was given its PID.
/// </summary>
/// <param name="PidNamespace">The inode of the owner's PID namespace.</param>
/// <param name="ProcessId">The owner's PID in that namespace.</param>
/// <param name="StartTime">The owner's start time in clock ticks after boot.</param>
public readonly record struct TracefsInstanceOwner(ulong PidNamespace, int ProcessId, ulong StartTime)
{
    /// <summary>The inode of the initial PID namespace (PROC_PID_INIT_INO): a process in it sees every process.</summary>
    public const ulong InitialPidNamespace = 0xEFFFFFFC;

    /// <summary>This process.</summary>
    public static TracefsInstanceOwner Current => ForProcess("self", Environment.ProcessId)
        ?? throw new TracefsUnavailableException("/proc/self cannot be read: mount procfs at /proc for this process's PID namespace.");

    /// <summary>"NS-PID-START", the part of the instance name after the prefix.</summary>
    public string Token => string.Create(CultureInfo.InvariantCulture, $"{PidNamespace}-{ProcessId}-{StartTime}");

    /// <summary>Reads an owner from an instance name's token; false for anything else (an older NetDrop's bare PID among them).</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out TracefsInstanceOwner owner)
    {
        owner = default;
        int first = token.IndexOf('-');
        int last = token.LastIndexOf('-');
        if (first <= 0 || last <= first)
        {
            return false;
        }

        if (!ulong.TryParse(token[..first], NumberStyles.None, CultureInfo.InvariantCulture, out ulong pidNamespace)
            || !int.TryParse(token[(first + 1)..last], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !ulong.TryParse(token[(last + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start))
        {
            return false;
        }

        owner = new TracefsInstanceOwner(pidNamespace, pid, start);
        return true;
    }

    /// <summary>
    /// The owner token of the process /proc/<paramref name="procEntry"/> shows, with its PID as its own
    /// namespace numbers it (<paramref name="pidInProc"/> when that is /proc's own namespace); null when
    /// the process is gone or cannot be read.
    /// </summary>
    internal static TracefsInstanceOwner? ForProcess(string procEntry, int pidInProc)
    {
        try
        {
            string link = new FileInfo($"/proc/{procEntry}/ns/pid").LinkTarget ?? "";
            if (!TryParseNamespaceLink(link, out ulong pidNamespace) || StartTimeOf(procEntry) is not { } start)
            {
                return null;
            }

            return new TracefsInstanceOwner(pidNamespace, InnermostPid(procEntry) ?? pidInProc, start);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"pid:[4026531836]" → 4026531836.</summary>
    internal static bool TryParseNamespaceLink(string link, out ulong inode)
    {
        inode = 0;
        int open = link.IndexOf('[', StringComparison.Ordinal);
        return link.StartsWith("pid:[", StringComparison.Ordinal) && link.EndsWith(']')
            && ulong.TryParse(link.AsSpan(open + 1, link.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }

    /// <summary>Field 22 of /proc/ENTRY/stat; the command name (field 2) may hold spaces and parentheses, so fields are counted after the last ')'.</summary>
    internal static ulong? StartTimeOf(string procEntry)
    {
        string stat = File.ReadAllText($"/proc/{procEntry}/stat");
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // After ") " come field 3 (state) onwards: field 22 is the 20th.
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 20 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start) ? start : null;
    }

    /// <summary>The last NSpid entry of /proc/ENTRY/status: the PID in the process's own namespace.</summary>
    private static int? InnermostPid(string procEntry)
    {
        foreach (string line in File.ReadLines($"/proc/{procEntry}/status"))
        {
            if (line.StartsWith("NSpid:", StringComparison.Ordinal))
            {
                string[] pids = line["NSpid:".Length..].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                return pids.Length > 0 && int.TryParse(pids[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
            }
        }

        return null;
    }
}
