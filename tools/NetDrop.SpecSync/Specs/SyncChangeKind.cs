namespace NetDrop.SpecSync.Specs;

/// <summary>What a sync found about one entry.</summary>
public enum SyncChangeKind
{
    /// <summary>The kernel has it and the spec did not: appended.</summary>
    Added,

    /// <summary>The kernel has it under a new name in the old one's place; both entries are kept.</summary>
    Renamed,

    /// <summary>The kernel numbers it differently from another kernel the spec knows (or from the spec's value).</summary>
    ChangedValue,

    /// <summary>The spec has it and this kernel does not; the entry stays, marked with the kernels it is in.</summary>
    RemovedInThisKernel,

    /// <summary>Nothing about the entry changed but the spec did not yet record this kernel for it.</summary>
    Recorded,
}
