using System;
using System.Collections.Generic;
using System.Globalization;
using NetDrop.Tracing;

namespace NetDrop.SystemChecks;

/// <summary>
/// The drop reasons the running kernel names (its kfree_skb format's __print_symbolic table) set against
/// NetDrop's catalogue (<see cref="DropReasonCatalog"/>, generated from specs/drop_reasons.yaml), by name.
/// </summary>
/// <param name="Kernel">Reasons the kernel names.</param>
/// <param name="Catalog">Reasons the catalogue holds.</param>
/// <param name="Shared">Reasons in both.</param>
/// <param name="KernelOnly">Names the kernel has and the catalogue lacks, in the kernel's order: reported by name only.</param>
/// <param name="CatalogOnly">Names the catalogue has and this kernel lacks (older kernels, or renamed ones), in catalogue order.</param>
public sealed record DropReasonCoverage(int Kernel, int Catalog, int Shared, IReadOnlyList<string> KernelOnly, IReadOnlyList<string> CatalogOnly)
{
    /// <summary>The coverage from a kfree_skb event format; null when the event has no reason table (before Linux 5.17).</summary>
    public static DropReasonCoverage? From(TraceEventFormat format)
    {
        KernelDropReasons reasons = KernelDropReasons.From(format);
        return reasons.Count == 0 ? null : From(reasons);
    }

    /// <summary>The coverage from a kernel number → name table.</summary>
    public static DropReasonCoverage From(IReadOnlyDictionary<long, string> kernelTable) => From(KernelDropReasons.From(kernelTable));

    /// <summary>The coverage from the kernel's reason table.</summary>
    public static DropReasonCoverage From(KernelDropReasons kernelTable)
    {
        ArgumentNullException.ThrowIfNull(kernelTable);
        var kernelNames = new HashSet<string>(StringComparer.Ordinal);
        var kernelOnly = new List<string>();
        foreach ((_, string name) in kernelTable.Entries)
        {
            // Not drop reasons: the catalogue leaves out a packet not dropped yet, or consumed normally.
            if (name is "NOT_DROPPED_YET" or "CONSUMED" || !kernelNames.Add(name))
            {
                continue;
            }

            if (!DropReasonCatalog.TryParseKernelName(name.AsSpan(), out _))
            {
                kernelOnly.Add(name);
            }
        }

        var catalogOnly = new List<string>();
        foreach (DropReason reason in Enum.GetValues<DropReason>())
        {
            string? name = DropReasonCatalog.KernelName(reason);
            if (name is not null && !kernelNames.Contains(name))
            {
                catalogOnly.Add(name);
            }
        }

        return new DropReasonCoverage(kernelNames.Count, DropReasonCatalog.Count, kernelNames.Count - kernelOnly.Count, kernelOnly, catalogOnly);
    }

    public Finding Assess()
    {
        const string Topic = "drop reasons";
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"this kernel names {Kernel}, NetDrop's catalogue {Catalog}: {Shared} in both, {KernelOnly.Count} new to NetDrop, {CatalogOnly.Count} not in this kernel");
        return KernelOnly.Count == 0
            ? Finding.Ok(Topic, summary)
            : Finding.Warning(Topic, summary,
                "drops with reasons new to NetDrop are reported by the kernel's name, without a description or a DropReason value; a NetDrop whose specs/drop_reasons.yaml lists them describes them");
    }

    /// <summary>The finding when no coverage could be worked out.</summary>
    public static Finding Unknown(KfreeSkbAvailability tracepoint) => tracepoint switch
    {
        { Present: true, HasReason: false } => Finding.Warning("drop reasons", "not compared: this kernel's skb:kfree_skb has no reason field",
            "kernels from Linux 5.17 name drop reasons; NET_DM (when present) sends them as text"),
        { Present: true, HasReason: true } => Finding.Warning("drop reasons", "not compared: the kfree_skb format has no reason table",
            "report this format file to NetDrop"),
        _ => Finding.Warning("drop reasons", "not compared: the skb:kfree_skb format could not be read",
            "run as root, with tracefs mounted, to compare this kernel's reasons with NetDrop's catalogue"),
    };
}
