using System.Runtime.CompilerServices;
using NetDrop.Packet;

namespace NetDrop.CaptureFiles;

/// <summary>
/// The 32-bit epb_flags option of a pcapng Enhanced Packet Block. Bits 0–1 are the direction, 2–4 the
/// reception type, 5–8 the FCS length, 9 "checksum not ready", 10 "checksum valid", 11 "TCP
/// segmentation offloaded" (pcapng draft 06 and later; Wireshark 4.0 still shows 9–11 as reserved),
/// 16–31 link-layer errors. A value of 0 says nothing, and writers leave the option out.
/// </summary>
public readonly record struct PcapNgPacketFlags(uint Value)
{
    private const uint DirectionMask = 0x3;
    private const int ReceptionShift = 2;
    private const uint ReceptionMask = 0x7 << ReceptionShift;
    private const int FcsShift = 5;
    private const uint FcsMask = 0xF << FcsShift;

    /// <summary>Bit 9: the checksum is not computed yet (a packet sent with checksum offload).</summary>
    public const uint ChecksumNotReadyBit = 1 << 9;

    /// <summary>Bit 10: the checksum was already verified before capture.</summary>
    public const uint ChecksumValidBit = 1 << 10;

    /// <summary>Bit 11: one packet standing for several link-layer frames (GRO/GSO, TCP segmentation offload).</summary>
    public const uint TcpSegmentationOffloadedBit = 1 << 11;

    public PcapNgDirection Direction => (PcapNgDirection)(Value & DirectionMask);

    public PcapNgReceptionType ReceptionType => (PcapNgReceptionType)((Value & ReceptionMask) >> ReceptionShift);

    /// <summary>Length in bytes of the frame check sequence at the end of the data; 0 when not recorded.</summary>
    public int FcsLength => (int)((Value & FcsMask) >> FcsShift);

    public bool ChecksumNotReady => (Value & ChecksumNotReadyBit) != 0;

    public bool ChecksumValid => (Value & ChecksumValidBit) != 0;

    public bool TcpSegmentationOffloaded => (Value & TcpSegmentationOffloadedBit) != 0;

    /// <summary>Flags from their parts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PcapNgPacketFlags Create(
        PcapNgDirection direction,
        PcapNgReceptionType reception = PcapNgReceptionType.Unspecified,
        bool checksumNotReady = false,
        bool checksumValid = false,
        bool tcpSegmentationOffloaded = false)
    {
        uint value = ((uint)direction & DirectionMask) | (((uint)reception << ReceptionShift) & ReceptionMask);
        value |= checksumNotReady ? ChecksumNotReadyBit : 0;
        value |= checksumValid ? ChecksumValidBit : 0;
        value |= tcpSegmentationOffloaded ? TcpSegmentationOffloadedBit : 0;
        return new PcapNgPacketFlags(value);
    }

    /// <summary>
    /// The flags a packet socket's frame header implies. The mapping (documented in docs/capture.md):
    /// sll_pkttype PACKET_OUTGOING is outbound, every other type inbound, with PACKET_HOST as unicast,
    /// PACKET_MULTICAST as multicast, PACKET_BROADCAST as broadcast and PACKET_OTHERHOST as promiscuous;
    /// TP_STATUS_CSUMNOTREADY sets bit 9, TP_STATUS_CSUM_VALID bit 10 and TP_STATUS_GSO_TCP bit 11.
    /// The other TP_STATUS bits (ownership, loss, VLAN and timestamp bits) have no place in epb_flags.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PcapNgPacketFlags FromPacketSocket(TpStatus status, PacketType packetType)
    {
        PcapNgDirection direction = packetType == PacketType.Outgoing ? PcapNgDirection.Outbound : PcapNgDirection.Inbound;
        PcapNgReceptionType reception = packetType switch
        {
            PacketType.Host => PcapNgReceptionType.Unicast,
            PacketType.Multicast => PcapNgReceptionType.Multicast,
            PacketType.Broadcast => PcapNgReceptionType.Broadcast,
            PacketType.Otherhost => PcapNgReceptionType.Promiscuous,
            _ => PcapNgReceptionType.Unspecified,
        };
        return Create(
            direction,
            reception,
            checksumNotReady: (status & TpStatus.Csumnotready) != 0,
            checksumValid: (status & TpStatus.CsumValid) != 0,
            tcpSegmentationOffloaded: (status & TpStatus.GsoTcp) != 0);
    }
}
