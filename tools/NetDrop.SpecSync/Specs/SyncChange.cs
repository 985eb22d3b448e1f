namespace NetDrop.SpecSync.Specs;

/// <summary>One finding of a sync: which spec, which entry (the kernel's name), what and the details.</summary>
/// <param name="NeedsHand">Sync could not write it (a socket option's value types): the spec stays out of date until someone does.</param>
public sealed record SyncChange(string Spec, SyncChangeKind Kind, string Name, string Detail, bool NeedsHand = false)
{
    public override string ToString() => $"{Spec}: {Kind switch
    {
        SyncChangeKind.Added => "added",
        SyncChangeKind.Renamed => "renamed",
        SyncChangeKind.ChangedValue => "changed value",
        SyncChangeKind.RemovedInThisKernel => "removed in this kernel",
        _ => "recorded",
    }} {Name}{(Detail.Length == 0 ? string.Empty : ": " + Detail)}";
}
