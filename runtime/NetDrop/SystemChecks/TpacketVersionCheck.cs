namespace NetDrop.SystemChecks;

/// <summary>Whether the kernel accepted one PACKET_VERSION on an AF_PACKET socket.</summary>
/// <param name="Version">The C name, e.g. TPACKET_V3.</param>
/// <param name="Usable">setsockopt(PACKET_VERSION) succeeded and getsockopt read the same version back.</param>
/// <param name="Problem">Why not, when not usable.</param>
public sealed record TpacketVersionCheck(string Version, bool Usable, string? Problem = null);
