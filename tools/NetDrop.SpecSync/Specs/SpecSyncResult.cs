using System.Collections.Generic;

namespace NetDrop.SpecSync.Specs;

/// <summary>What a sync found and which spec files it changed (or, with --check, would change).</summary>
/// <param name="OutOfDate">Specs that differ from the source: those sync changed (or would) and those that need a hand edit.</param>
/// <param name="Written">Specs whose text sync changed (or, with --check, would change).</param>
/// <param name="Skipped">Specs the source has nothing for (an installed uapi tree has no drop reasons).</param>
public sealed record SpecSyncResult(IReadOnlyList<SyncChange> Changes, IReadOnlyList<string> OutOfDate, IReadOnlyList<string> Written, IReadOnlyList<string> Skipped)
{
    /// <summary>Whether every spec already says what the source says.</summary>
    public bool UpToDate => OutOfDate.Count == 0;

    /// <summary>Counts per kind, as the summary line prints them.</summary>
    public string Summary()
    {
        int added = 0, renamed = 0, changed = 0, removed = 0, recorded = 0;
        foreach (SyncChange change in Changes)
        {
            switch (change.Kind)
            {
                case SyncChangeKind.Added: added++; break;
                case SyncChangeKind.Renamed: renamed++; break;
                case SyncChangeKind.ChangedValue: changed++; break;
                case SyncChangeKind.RemovedInThisKernel: removed++; break;
                default: recorded++; break;
            }
        }

        return $"{added} added, {renamed} renamed, {changed} changed value, {removed} removed in this kernel, {recorded} recorded for this kernel";
    }
}
