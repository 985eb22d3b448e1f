namespace NetDrop.Analyzers.Descriptors;

/// <summary>Keys of the properties a diagnostic hands its code fix, so the fix need not redo the analysis.</summary>
internal static class DiagnosticProperties
{
    /// <summary>
    /// ND1001/ND1002: the reasons not handled, grouped by subsystem in enum order:
    /// <c>core:NoSocket,PktTooSmall;mac80211-unusable:…</c> (member names).
    /// </summary>
    public const string MissingReasons = nameof(MissingReasons);

    /// <summary>ND1004: the fully qualified constant that holds the right size (<c>global::NetDrop.Packet.AfPacketControlMessages.PayloadSize.PACKET_AUXDATA</c>).</summary>
    public const string SizeConstant = nameof(SizeConstant);
}
