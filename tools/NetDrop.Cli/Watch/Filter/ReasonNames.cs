using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// The drop reason names a filter may use: NetDrop's catalogue and whatever the running kernel names
/// besides (a newer kernel has reasons the catalogue does not). Compared as strings, the way the
/// kernel sends them, so a reason the catalogue has never heard of still filters.
/// </summary>
internal sealed class ReasonNames
{
    private const string KernelPrefix = "SKB_DROP_REASON_";

    private readonly HashSet<string> _names;

    public ReasonNames(IEnumerable<string> kernelNames)
    {
        IEnumerable<string> catalogue = Enum.GetValues<DropReason>().Select(r => DropReasonCatalog.KernelName(r)).OfType<string>();
        _names = new HashSet<string>(catalogue.Concat(kernelNames), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The catalogue alone, for when the kernel's table cannot be read.</summary>
    public static ReasonNames Catalogue { get; } = new([]);

    /// <summary>The name as the kernel spells it, for one written in any case, with or without SKB_DROP_REASON_.</summary>
    public bool TryResolve(string written, out string name)
    {
        string bare = written.StartsWith(KernelPrefix, StringComparison.OrdinalIgnoreCase) ? written[KernelPrefix.Length..] : written;
        if (_names.TryGetValue(bare, out string? known))
        {
            name = known;
            return true;
        }

        name = bare;
        return false;
    }

    public IReadOnlyList<string> Near(string written) => NearMatches.Find(written, _names);
}
