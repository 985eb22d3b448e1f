namespace NetDrop.Netlink.Sockets;

/// <summary>What one non-blocking receive on a <see cref="NetlinkSocket"/> found.</summary>
public enum NetlinkReceiveStatus
{
    /// <summary>A datagram from the kernel is in the buffer.</summary>
    Received,

    /// <summary>Nothing is queued.</summary>
    WouldBlock,

    /// <summary>
    /// The kernel reported ENOBUFS: the receive queue overflowed and multicast messages were lost. The
    /// exact number is in <see cref="NetlinkSocket.ReadKernelDrops"/>; reading goes on.
    /// </summary>
    Overrun,
}
