namespace NetDrop.Packet;

/// <summary>How a <see cref="PacketCapture"/> gets frames from the kernel.</summary>
public enum PacketReceivePath
{
    /// <summary>
    /// A memory-mapped TPACKET_V3 ring: blocks of variable-size frames, handed over when full or when
    /// the block timer expires. The fewest system calls per frame; drops are seen at block boundaries.
    /// </summary>
    RingV3,

    /// <summary>A memory-mapped TPACKET_V2 ring: one fixed-size slot per frame, handed over frame by frame.</summary>
    RingV2,

    /// <summary>
    /// recvmsg on the socket's receive queue with PACKET_AUXDATA, SO_TIMESTAMPNS and SO_RXQ_OVFL control
    /// messages: one system call per frame, and the exact drop count before every frame.
    /// </summary>
    Recvmsg,
}
