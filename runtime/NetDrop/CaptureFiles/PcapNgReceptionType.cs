namespace NetDrop.CaptureFiles;

/// <summary>Bits 2–4 of a pcapng epb_flags word: how a received packet was addressed.</summary>
public enum PcapNgReceptionType
{
    /// <summary>Not recorded (and always so for sent packets).</summary>
    Unspecified = 0,

    /// <summary>Addressed to this host (PACKET_HOST).</summary>
    Unicast = 1,

    /// <summary>Link-layer multicast (PACKET_MULTICAST).</summary>
    Multicast = 2,

    /// <summary>Link-layer broadcast (PACKET_BROADCAST).</summary>
    Broadcast = 3,

    /// <summary>Addressed to another host, seen only in promiscuous mode (PACKET_OTHERHOST).</summary>
    Promiscuous = 4,
}
