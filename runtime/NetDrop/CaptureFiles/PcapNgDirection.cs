namespace NetDrop.CaptureFiles;

/// <summary>Bits 0–1 of a pcapng epb_flags word: which way the packet was going.</summary>
public enum PcapNgDirection
{
    /// <summary>Not recorded.</summary>
    Unknown = 0,

    /// <summary>Received by the host.</summary>
    Inbound = 1,

    /// <summary>Sent by the host.</summary>
    Outbound = 2,
}
