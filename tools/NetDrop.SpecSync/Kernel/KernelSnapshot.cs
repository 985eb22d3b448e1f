using System.Collections.Generic;
using NetDrop.SpecSync.Headers;

namespace NetDrop.SpecSync.Kernel;

/// <summary>
/// What one source (a header tree, a running kernel's tracefs) says about the interfaces the specs
/// describe. Parts the source does not have are null: an installed uapi tree has no drop reasons, the
/// tracefs has only drop reasons.
/// </summary>
/// <param name="Source">What was read, for messages (a directory, a tracefs format file).</param>
/// <param name="DropReasons">The core drop reasons in the kernel's order, or null.</param>
/// <param name="NetDm">linux/net_dropmon.h, or null.</param>
/// <param name="Packet">linux/if_packet.h, or null.</param>
public sealed record KernelSnapshot(
    KernelVersion Version,
    string Source,
    IReadOnlyList<KernelDropReason>? DropReasons,
    CHeader? NetDm,
    CHeader? Packet);
