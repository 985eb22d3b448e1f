namespace NetDrop.Kernel;

/// <summary>A kernel text symbol: its start address and name, and the module it is in (null for vmlinux).</summary>
public sealed record KernelSymbol(ulong Address, string Name, string? Module);
