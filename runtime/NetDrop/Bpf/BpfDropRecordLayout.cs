namespace NetDrop.Bpf;

/// <summary>
/// The record the drop program writes into the ring buffer, one per drop, and <see cref="BpfDropRecord"/>
/// reads: the one place its shape is written down. (It is hand-written rather than a spec the
/// generator turns into a view: the generator's struct model has no fixed-size byte arrays or
/// variable tail, and the program that writes it is code, not data, either way.)
/// </summary>
public static class BpfDropRecordLayout
{
    public const int Time = 0;            // u64 bpf_ktime_get_ns (CLOCK_MONOTONIC)
    public const int Location = 8;        // u64 the tracepoint's location
    public const int SkbAddress = 16;     // u64 skbaddr
    public const int PidTgid = 24;        // u64 bpf_get_current_pid_tgid: tgid in the high half
    public const int Reason = 32;         // u32 the tracepoint's reason (0 before 5.17)
    public const int Cpu = 36;            // u32 bpf_get_smp_processor_id
    public const int Length = 40;         // u32 skb->len
    public const int DataLength = 44;     // u32 skb->data_len (bytes in fragments)
    public const int Mark = 48;           // u32 skb->mark
    public const int InputInterface = 52; // u32 skb->skb_iif
    public const int DeviceIndex = 56;    // u32 skb->dev->ifindex, 0 without a device
    public const int NamespaceInode = 60; // u32 the device's (else the socket's) netns inode, 0 when neither
    public const int Protocol = 64;       // u16 the tracepoint's protocol (host order)
    public const int LocalPort = 66;      // u16 rx_sk's (else skb->sk's) skc_num, 0 without a socket
    public const int MacHeader = 68;      // u16 skb->mac_header, 0xffff when unset
    public const int NetworkHeader = 70;  // u16 skb->network_header
    public const int DataOffset = 72;     // u32 skb->data - skb->head
    public const int SnapLength = 76;     // u16 bytes the program copied after the header (the configured snap length)
    public const int FilterVerdict = 78;  // u16 1 when the kernel filter passed the drop, 0 without a filter or when it left the drop to user space
    public const int Comm = 80;           // char[16] bpf_get_current_comm
    public const int DeviceName = 96;     // char[16] skb->dev->name
    public const int Packet = 112;        // the first SnapLength bytes from head + mac_header (or network_header)

    public const int CommLength = 16;

    /// <summary>skb->mac_header when the MAC header was never set (typeof(mac_header))~0U.</summary>
    public const ushort HeaderUnset = 0xffff;

    /// <summary>The snap length when none is given: NET_DM's truncation default.</summary>
    public const int DefaultSnapLength = 128;

    /// <summary>The largest snap length: enough for the headers of any frame, small enough that a burst fits the ring.</summary>
    public const int MaxSnapLength = 1024;

    /// <summary>The most kernel stack frames a record carries (the kernel's perf_event_max_stack default is 127).</summary>
    public const int MaxStackFrames = 64;

    /// <summary>The record's size for a snap length (rounded up to 8, as the ring aligns records).</summary>
    public static int Size(int snapLength) => Packet + ((snapLength + 7) & ~7);

    /// <summary>
    /// The record's size with a kernel stack: after the packet, a u32 of the bytes bpf_get_stack wrote
    /// (0 when it failed), 4 bytes of padding, then room for <paramref name="stackFrames"/> u64 return addresses.
    /// </summary>
    public static int Size(int snapLength, int stackFrames) => Size(snapLength) + (stackFrames > 0 ? 8 + (stackFrames * 8) : 0);
}
