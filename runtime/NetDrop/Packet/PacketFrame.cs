using System;

namespace NetDrop.Packet;

/// <summary>
/// One captured frame, a view into the ring (or the receive buffer) that is valid until the next
/// read or wait on the capture that gave it: copy <see cref="Data"/> out to keep it longer.
/// </summary>
public readonly ref struct PacketFrame
{
    internal PacketFrame(
        ReadOnlySpan<byte> data,
        uint originalLength,
        long timestampNanoseconds,
        long gap,
        TpStatus status,
        int interfaceIndex,
        PacketType packetType,
        ushort protocol,
        ushort vlanTci,
        ushort vlanTpid,
        uint rxHash,
        bool gapIsApproximate,
        ushort hardwareType = 0,
        byte hardwareAddressLength = 0,
        ulong hardwareAddress = 0)
    {
        Data = data;
        OriginalLength = originalLength;
        TimestampNanoseconds = timestampNanoseconds;
        Gap = gap;
        Status = status;
        InterfaceIndex = interfaceIndex;
        PacketType = packetType;
        Protocol = protocol;
        VlanTci = vlanTci;
        VlanTpid = vlanTpid;
        RxHash = rxHash;
        GapIsApproximate = gapIsApproximate;
        HardwareType = hardwareType;
        HardwareAddressLength = hardwareAddressLength;
        HardwareAddress = hardwareAddress;
    }

    /// <summary>The captured bytes, from the MAC header on.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Bytes captured (tp_snaplen): <see cref="Data"/>'s length.</summary>
    public int CapturedLength => Data.Length;

    /// <summary>The frame's length on the wire before any truncation (tp_len).</summary>
    public uint OriginalLength { get; }

    /// <summary>Receive time, nanoseconds since the Unix epoch (the kernel's software timestamp unless <see cref="Status"/> says otherwise).</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>
    /// Frames the kernel dropped from this capture between the previous frame it delivered and this
    /// one (pcapng's epb_dropcount). How exact the position is depends on the receive path: see docs/capture.md.
    /// </summary>
    public long Gap { get; }

    /// <summary>
    /// True when some of <see cref="Gap"/>'s drops may have happened after this frame rather than
    /// before it: on TPACKET_V3 when the statistics read spanned several ring freezes; on TPACKET_V2
    /// for every non-zero gap, since a V2 ring cannot tell. Never on recvmsg. The count is right
    /// either way; only the position is uncertain.
    /// </summary>
    public bool GapIsApproximate { get; }

    /// <summary>
    /// The frame's tp_status bits: checksum state (<see cref="TpStatus.Csumnotready"/>, <see cref="TpStatus.CsumValid"/>),
    /// GSO (<see cref="TpStatus.GsoTcp"/>), VLAN validity, truncation (<see cref="TpStatus.Copy"/>), timestamp source and
    /// <see cref="TpStatus.Losing"/>.
    /// </summary>
    public TpStatus Status { get; }

    /// <summary>The interface the frame was received on or sent from (sll_ifindex).</summary>
    public int InterfaceIndex { get; }

    /// <summary>To us, broadcast, multicast, another host, or outgoing (sll_pkttype).</summary>
    public PacketType PacketType { get; }

    /// <summary>The frame's ETH_P_* protocol in host byte order (sll_protocol).</summary>
    public ushort Protocol { get; }

    /// <summary>VLAN tag control information, when <see cref="Status"/> has <see cref="TpStatus.VlanValid"/>.</summary>
    public ushort VlanTci { get; }

    /// <summary>VLAN tag protocol identifier, when <see cref="Status"/> has <see cref="TpStatus.VlanTpidValid"/>.</summary>
    public ushort VlanTpid { get; }

    /// <summary>The flow hash, on TPACKET_V3 rings asked to fill it; else 0.</summary>
    public uint RxHash { get; }

    /// <summary>The ARPHRD_* type of the frame's interface (sll_hatype): 1 Ethernet, 772 loopback, 65534 none.</summary>
    public ushort HardwareType { get; }

    /// <summary>How many bytes of <see cref="HardwareAddress"/> are the address (sll_halen, at most 8).</summary>
    public byte HardwareAddressLength { get; }

    /// <summary>The link-layer source address (sll_addr): its 8 bytes as they lie in memory, the first in the lowest byte.</summary>
    public ulong HardwareAddress { get; }

    /// <summary>sll_addr of <paramref name="address"/> as <see cref="HardwareAddress"/> holds it.</summary>
    internal static ulong AddressOf(in sockaddr_ll address) =>
        System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(
            ref System.Runtime.CompilerServices.Unsafe.As<sockaddr_ll.Bytes8, byte>(ref System.Runtime.CompilerServices.Unsafe.AsRef(in address.sll_addr)));
}
