using System;
using System.IO;
using NetDrop.Bpf;
using NetDrop.Bpf.Btf;
using NetDrop.Tracing;

namespace NetDrop.SystemChecks;

/// <summary>
/// Whether NetDrop's BPF drop source can be used here: the kernel's BTF, the rights, and a trial load and
/// attach of the program (detached and freed again at once; nothing is pinned, so nothing stays).
/// </summary>
/// <param name="BtfPath">Where the kernel's BTF is looked for.</param>
/// <param name="BtfPresent">The kernel publishes its BTF there (CONFIG_DEBUG_INFO_BTF).</param>
/// <param name="Obstacle">What keeps this process from loading a program (capabilities, lockdown); null when nothing visible does.</param>
/// <param name="Loads">The program loaded and attached; null when it was not tried.</param>
/// <param name="Problem">Why it did not load (the kernel's refusal, the verifier's last line, a damaged BTF), or why it was not tried.</param>
public sealed record BpfAvailability(string BtfPath, bool BtfPresent, string? Obstacle, bool? Loads, string? Problem)
{
    private const string Fallback = "NetDrop falls back to NET_DM or the skb:kfree_skb tracepoint";

    /// <summary>Looks, and when nothing visible stands in the way, loads and attaches the program once.</summary>
    /// <param name="tracefs">Where tracefs is mounted (the program needs the event's id and format); null when it is not, which this probe does not change.</param>
    public static BpfAvailability Probe(string? tracefs)
    {
        string btf = BtfTypes.KernelPath;
        bool present = File.Exists(btf);
        string? obstacle = BpfPermissions.ObstacleForThisProcess()?.TrimEnd('.');
        if (!present || obstacle is not null)
        {
            return new BpfAvailability(btf, present, obstacle, null, null);
        }

        if (tracefs is null)
        {
            return new BpfAvailability(btf, present, null, null, "not tried: tracefs is not mounted");
        }

        try
        {
            using BpfDropSource source = BpfDropSource.Open(new BpfDropSourceOptions { TracefsPath = tracefs, RingBufferSize = 64 * 1024 });
            return new BpfAvailability(btf, present, null, true, null);
        }
        catch (Exception e) when (e is BpfException or BtfFormatException or BtfLookupException or TracefsUnavailableException or IOException or UnauthorizedAccessException)
        {
            return new BpfAvailability(btf, present, null, false, e.Message.ReplaceLineEndings(" "));
        }
    }

    public Finding Assess()
    {
        const string Topic = "BPF";
        if (!BtfPresent)
        {
            return Finding.Missing(Topic, $"{BtfPath} does not exist: the kernel was built without CONFIG_DEBUG_INFO_BTF",
                $"use a kernel from 5.8 with BTF for the BPF source; {Fallback}");
        }

        if (Obstacle is not null)
        {
            return Finding.Warning(Topic, "not tried: " + Obstacle, $"give the rights to use the BPF source; without them {Fallback}");
        }

        return Loads switch
        {
            true => Finding.Ok(Topic, $"NetDrop's program loads and attaches to skb:kfree_skb (struct offsets from {BtfPath})"),
            false => Finding.Missing(Topic, Problem!, Fallback),
            _ => Finding.Warning(Topic, Problem!, "mount tracefs (see above), then gather the report again (SystemReport.Gather)"),
        };
    }
}
