namespace NetDrop.Packet;

/// <summary>
/// A capture's counts since its socket opened: the kernel's PACKET_STATISTICS (which resets on every
/// read) summed into 64-bit totals, and what the reader delivered and attributed.
/// </summary>
/// <param name="KernelPackets">Packets the kernel gave the socket, dropped ones included (tp_packets summed).</param>
/// <param name="KernelDrops">Packets the kernel dropped because the ring or receive queue was full (tp_drops summed).</param>
/// <param name="RingFreezes">Times a TPACKET_V3 ring froze for want of a free block (tp_freeze_q_cnt summed); 0 on other paths.</param>
/// <param name="FramesRead">Frames the reader delivered.</param>
/// <param name="GapsAttributed">Drops attributed to delivered frames as their <see cref="PacketFrame.Gap"/>.</param>
/// <param name="GapsPending">Drops counted but not yet attributed: they go to the next frame, or become the trailing gap at the end.</param>
/// <param name="ApproximateGaps">Gaps whose drops may partly belong after their frame (<see cref="PacketFrame.GapIsApproximate"/>).</param>
public readonly record struct PacketCaptureStatistics(
    long KernelPackets,
    long KernelDrops,
    long RingFreezes,
    long FramesRead,
    long GapsAttributed,
    long GapsPending,
    long ApproximateGaps);
