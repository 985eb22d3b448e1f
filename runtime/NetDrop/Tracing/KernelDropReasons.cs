using System;
using System.Collections.Generic;
using System.Text;

namespace NetDrop.Tracing;

/// <summary>
/// The running kernel's drop-reason numbering, from the kfree_skb format's __print_symbolic table,
/// mapped by name to NetDrop's stable <see cref="DropReason"/>. Kernel numbers differ between versions
/// (NETFILTER_DROP was 8 and is 12 now), so nothing here is compiled in. Lookups allocate nothing.
/// Every reader of the kernel's table (the sources, the system report, the filter's names, SpecSync's
/// --tracefs) goes through here.
/// </summary>
public sealed class KernelDropReasons
{
    private readonly string?[] _names;
    private readonly DropReason?[] _reasons;

    private KernelDropReasons(string?[] names, DropReason?[] reasons)
    {
        _names = names;
        _reasons = reasons;
        var entries = new List<(uint, string)>();
        for (uint number = 0; number < (uint)names.Length; number++)
        {
            if (names[number] is { } name)
            {
                entries.Add((number, name));
            }
        }

        Entries = entries;
    }

    /// <summary>Every number and name this kernel prints, in number order; MAX (a bound, not a reason) left out.</summary>
    public IReadOnlyList<(uint Number, string Name)> Entries { get; }

    /// <summary>Reasons this kernel names.</summary>
    public int Count { get; private init; }

    /// <summary>Names this kernel has that the catalogue does not know (a newer kernel).</summary>
    public IReadOnlyList<string> Unknown { get; private init; } = Array.Empty<string>();

    /// <summary>Subsystem of a raw reason number (SKB_DROP_REASON_SUBSYS_SHIFT is 16).</summary>
    public static ushort Subsystem(uint reason) => (ushort)(reason >> 16);

    /// <summary>
    /// The table of the running kernel, from the format under <paramref name="tracefs"/>
    /// (<see cref="KfreeSkbFormat.Read"/>, whose exceptions it lets through).
    /// </summary>
    public static KernelDropReasons Read(string tracefs) => From(KfreeSkbFormat.Read(tracefs));

    public static KernelDropReasons From(TraceEventFormat format) =>
        From(PrintSymbolicTable.Parse(format.PrintFormat, "reason"));

    public static KernelDropReasons From(IReadOnlyDictionary<long, string> table)
    {
        long max = -1;
        foreach (KeyValuePair<long, string> entry in table)
        {
            if (entry.Key is >= 0 and <= ushort.MaxValue)
            {
                max = Math.Max(max, entry.Key);
            }
        }

        var names = new string?[max + 1];
        var reasons = new DropReason?[max + 1];
        var unknown = new List<string>();
        int count = 0;
        foreach (KeyValuePair<long, string> entry in table)
        {
            // MAX is a bound the kernel prints, not a reason.
            if (entry.Key is < 0 or > ushort.MaxValue || entry.Value == "MAX")
            {
                continue;
            }

            count++;
            names[entry.Key] = entry.Value;
            if (DropReasonCatalog.TryParseKernelName(entry.Value.AsSpan(), out DropReason reason))
            {
                reasons[entry.Key] = reason;
            }
            else
            {
                unknown.Add(entry.Value);
            }
        }

        unknown.Sort(StringComparer.Ordinal);
        return new KernelDropReasons(names, reasons) { Count = count, Unknown = unknown };
    }

    /// <summary>The catalogue reason for a core reason number, or null (unknown name, other subsystem, out of range).</summary>
    public DropReason? Reason(uint reason) => reason < (uint)_reasons.Length ? _reasons[reason] : null;

    /// <summary>The kernel's name for a core reason number (a cached string, not allocated per call), or null.</summary>
    public string? Name(uint reason) => reason < (uint)_names.Length ? _names[reason] : null;
}
