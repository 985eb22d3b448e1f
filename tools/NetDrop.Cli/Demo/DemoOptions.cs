using System;

namespace NetDrop.Cli.Demo;

/// <param name="PerKind">Drops caused of each kind.</param>
/// <param name="Duration">Time over which they are spread.</param>
internal sealed record DemoOptions(DropSourcePreference Source, int PerKind, TimeSpan Duration);
