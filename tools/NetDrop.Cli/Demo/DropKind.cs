namespace NetDrop.Cli.Demo;

/// <summary>A drop the demo causes on purpose, and the reason the kernel should give it.</summary>
internal sealed record DropKind(string Description, DropReason Expected, string Address, int Port);
