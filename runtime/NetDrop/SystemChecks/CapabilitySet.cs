using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetDrop.SystemChecks;

/// <summary>
/// The effective capabilities of the calling thread (the CapEff mask of /proc/thread-self/status):
/// what the kernel checks when NetDrop opens a socket or configures NET_DM.
/// </summary>
/// <param name="Effective">The CapEff bit mask; bit n is capability n.</param>
public sealed record CapabilitySet(ulong Effective)
{
    /// <summary>The capabilities NetDrop reports on, in the order they are listed.</summary>
    public static IReadOnlyList<Capability> Relevant { get; } =
        [Capability.NetAdmin, Capability.SysAdmin, Capability.NetRaw, Capability.Bpf, Capability.Perfmon];

    /// <summary>The mask as /proc shows it: 16 hexadecimal digits.</summary>
    public string Mask => Effective.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Those of <see cref="Relevant"/> that are held, by C name (CAP_NET_ADMIN).</summary>
    public IReadOnlyList<string> Held => Names(held: true);

    /// <summary>Those of <see cref="Relevant"/> that are not held, by C name.</summary>
    public IReadOnlyList<string> Lacking => Names(held: false);

    public bool Has(Capability capability) => (Effective & (1UL << (int)capability)) != 0;

    /// <summary>The calling thread's set: per thread, because Linux checks the capabilities of the thread that makes the call.</summary>
    public static CapabilitySet Read()
    {
        string path = File.Exists("/proc/thread-self/status") ? "/proc/thread-self/status" : "/proc/self/status";
        return Parse(File.ReadAllText(path));
    }

    /// <summary>The set from the text of a /proc/PID/status file.</summary>
    /// <exception cref="FormatException">The text has no CapEff line with a hexadecimal mask.</exception>
    public static CapabilitySet Parse(string procStatus)
    {
        foreach (string line in procStatus.Split('\n'))
        {
            if (!line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                continue;
            }

            string mask = line.Substring("CapEff:".Length).Trim();
            return ulong.TryParse(mask, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong effective)
                ? new CapabilitySet(effective)
                : throw new FormatException($"the CapEff line of the process status is not a hexadecimal mask: '{line.Trim()}'");
        }

        throw new FormatException("the process status has no CapEff line (Linux has listed it since 2.6.25)");
    }

    /// <summary>The C name, e.g. CAP_NET_ADMIN.</summary>
    public static string Name(Capability capability) => capability switch
    {
        Capability.NetAdmin => "CAP_NET_ADMIN",
        Capability.NetRaw => "CAP_NET_RAW",
        Capability.SysAdmin => "CAP_SYS_ADMIN",
        Capability.Perfmon => "CAP_PERFMON",
        Capability.Bpf => "CAP_BPF",
        _ => "capability " + ((int)capability).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Ok with CAP_NET_ADMIN, CAP_SYS_ADMIN and CAP_NET_RAW, the three NetDrop uses; otherwise what each
    /// missing one would add. CAP_BPF and CAP_PERFMON are listed, not required: NetDrop loads no BPF.
    /// </summary>
    public Finding Assess()
    {
        var missing = new List<string>();
        foreach (Capability capability in (ReadOnlySpan<Capability>)[Capability.NetAdmin, Capability.SysAdmin, Capability.NetRaw])
        {
            if (!Has(capability))
            {
                missing.Add($"{Name(capability)} ({Purpose(capability)})");
            }
        }

        string held = Held.Count == 0 ? "none of " + string.Join(", ", Lacking) : string.Join(", ", Held);
        string summary = $"effective: {held} (CapEff {Mask})";
        if (missing.Count == 0)
        {
            return Finding.Ok("privileges", summary);
        }

        string remedy = "run as root for " + string.Join("; ", missing);
        return missing.Count == 3 ? Finding.Missing("privileges", summary, remedy) : Finding.Warning("privileges", summary, remedy);
    }

    private static string Purpose(Capability capability) => capability switch
    {
        Capability.NetAdmin => "configuring and starting NET_DM",
        Capability.SysAdmin => "receiving NET_DM alerts on newer kernels and mounting tracefs",
        _ => "AF_PACKET sockets: capture and the TPACKET check",
    };

    private List<string> Names(bool held)
    {
        var names = new List<string>();
        foreach (Capability capability in Relevant)
        {
            if (Has(capability) == held)
            {
                names.Add(Name(capability));
            }
        }

        return names;
    }
}
