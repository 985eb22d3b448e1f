namespace NetDrop.Cli.Read;

/// <summary>What `netdrop read` was asked to do.</summary>
/// <param name="FamilyId">NET_DM's family id, for captures that start after the controller lookup.</param>
/// <param name="KallsymsPath">A kallsyms table of the captured machine's boot, to name summary-alert PCs.</param>
/// <param name="KernelAddresses">Print the NET_DM alerts' raw kernel addresses (pc); without it their symbols alone.</param>
internal sealed record ReadOptions(string Path, bool Json, ushort? FamilyId, string? KallsymsPath, bool KernelAddresses = false);
