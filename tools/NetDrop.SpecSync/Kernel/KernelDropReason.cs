namespace NetDrop.SpecSync.Kernel;

/// <summary>A drop reason as one kernel has it: its name (NO_SOCKET), its number there, and its doc comment when the source has one.</summary>
public sealed record KernelDropReason(string Name, long Number, string? Doc);
