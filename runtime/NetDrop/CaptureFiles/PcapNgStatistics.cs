namespace NetDrop.CaptureFiles;

/// <summary>
/// The counters of a pcapng Interface Statistics Block; each is optional and left out of the block when
/// null. Counts run from the start of the capture, as the pcapng specification defines them.
/// </summary>
public sealed record PcapNgStatistics
{
    /// <summary>isb_starttime: when counting began, nanoseconds since the Unix epoch.</summary>
    public long? StartNanoseconds { get; init; }

    /// <summary>isb_endtime: when counting ended, nanoseconds since the Unix epoch.</summary>
    public long? EndNanoseconds { get; init; }

    /// <summary>isb_ifrecv: packets the interface received (its rx_packets counter over the capture).</summary>
    public ulong? InterfaceReceived { get; init; }

    /// <summary>isb_ifdrop: packets the interface dropped for lack of resources (its rx_dropped counter).</summary>
    public ulong? InterfaceDropped { get; init; }

    /// <summary>isb_filteraccept: packets the capture filter accepted (PACKET_STATISTICS tp_packets).</summary>
    public ulong? FilterAccepted { get; init; }

    /// <summary>isb_osdrop: packets the operating system dropped before the capture read them (tp_drops).</summary>
    public ulong? OsDropped { get; init; }

    /// <summary>isb_usrdeliv: packets delivered to the capturing program.</summary>
    public ulong? UserDelivered { get; init; }

    /// <summary>opt_comment of the block.</summary>
    public string? Comment { get; init; }
}
