using System;
using System.Globalization;
using System.IO;

namespace NetDrop.Bpf;

/// <summary>Why the kernel said EPERM to a BPF call: which capability is missing, or kernel lockdown.</summary>
public static class BpfPermissions
{
    public const int CapSysAdmin = 21;
    public const int CapPerfmon = 38;
    public const int CapBpf = 39;

    public const string LockdownPath = "/sys/kernel/security/lockdown";

    /// <summary>The sentence to put after "the kernel refused …": what is missing and what to do.</summary>
    public static string Explain(string statusText, string? lockdownText)
    {
        string? lockdown = ActiveLockdown(lockdownText);
        if (lockdown == "confidentiality")
        {
            return "the kernel is locked down (confidentiality, " + LockdownPath + "), which forbids BPF programs from reading kernel memory; use the tracepoint source.";
        }

        ulong effective = EffectiveCapabilities(statusText);
        bool admin = Has(effective, CapSysAdmin);
        bool bpf = Has(effective, CapBpf) || admin;
        bool perfmon = Has(effective, CapPerfmon) || admin;
        string missing = (bpf, perfmon) switch
        {
            (false, false) => "CAP_BPF and CAP_PERFMON",
            (false, true) => "CAP_BPF",
            (true, false) => "CAP_PERFMON",
            _ => "",
        };
        return missing.Length > 0
            ? "it needs " + missing + " (or root): run as root or grant them (setcap cap_bpf,cap_perfmon+ep)."
            : "the process has CAP_BPF and CAP_PERFMON, so a security module (SELinux, AppArmor, lockdown " + (lockdown ?? "none") + ") or a seccomp filter refused it.";
    }

    /// <summary>The explanation for the calling thread (capabilities are per thread; /proc/self would show the main thread's).</summary>
    public static string ExplainForThisProcess()
    {
        string status = TryRead("/proc/thread-self/status") ?? TryRead("/proc/self/status") ?? "";
        return Explain(status, TryRead(LockdownPath));
    }

    /// <summary>
    /// Why this process cannot load a BPF program, seen before trying: the capabilities it lacks, or a
    /// lockdown that forbids reading kernel memory; null when nothing visible stands in the way.
    /// </summary>
    public static string? ObstacleForThisProcess()
    {
        string status = TryRead("/proc/thread-self/status") ?? TryRead("/proc/self/status") ?? "";
        string? lockdown = TryRead(LockdownPath);
        ulong effective = EffectiveCapabilities(status);
        bool admin = Has(effective, CapSysAdmin);
        bool capable = (Has(effective, CapBpf) || admin) && (Has(effective, CapPerfmon) || admin);
        return capable && ActiveLockdown(lockdown) != "confidentiality" ? null : Explain(status, lockdown);
    }

    /// <summary>The mode in brackets in the lockdown file ("none [integrity] confidentiality"), or null.</summary>
    internal static string? ActiveLockdown(string? text)
    {
        if (text is null)
        {
            return null;
        }

        int open = text.IndexOf('[', StringComparison.Ordinal);
        int close = open < 0 ? -1 : text.IndexOf(']', open);
        return close < 0 ? null : text.Substring(open + 1, close - open - 1);
    }

    internal static ulong EffectiveCapabilities(string status)
    {
        foreach (string line in status.Split('\n'))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask))
            {
                return mask;
            }
        }

        return 0;
    }

    private static bool Has(ulong mask, int capability) => (mask & (1UL << capability)) != 0;

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
