using System;
using System.Buffers.Binary;

namespace NetDrop.Tracing;

/// <summary>
/// One skb:kfree_skb record, viewed in place over the ring-buffer page: where the packet was freed,
/// why, its protocol, the receiving socket. Reading it allocates nothing.
/// </summary>
public readonly ref struct KfreeSkbRecord
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly KfreeSkbLayout _layout;

    public KfreeSkbRecord(ReadOnlySpan<byte> data, KfreeSkbLayout layout, ulong timestamp, int cpu)
    {
        _data = data;
        _layout = layout;
        Timestamp = timestamp;
        Cpu = cpu;
    }

    /// <summary>Nanoseconds in the instance's trace clock (see the source for wall time).</summary>
    public ulong Timestamp { get; }

    public int Cpu { get; }

    /// <summary>The task running when the packet was freed (often the sender, for local and veth traffic).</summary>
    public int Pid => BinaryPrimitives.ReadInt32LittleEndian(_data.Slice(_layout.PidOffset));

    public ulong SkbAddress => BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_layout.SkbAddressOffset));

    /// <summary>The kernel address where the packet was dropped.</summary>
    public ulong Location => BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_layout.LocationOffset));

    /// <summary>The receiving socket, 0 when none or when this kernel does not report it.</summary>
    public ulong RxSocket => _layout.RxSocketOffset < 0 ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_layout.RxSocketOffset));

    /// <summary>skb->protocol in host order (ETH_P_IP is 0x0800).</summary>
    public ushort Protocol => BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(_layout.ProtocolOffset));

    /// <summary>The kernel's reason number (subsystem in the high 16 bits); null before Linux 5.17.</summary>
    [global::NetDrop.Metadata.KernelReasonNumber]
    public uint? ReasonNumber => _layout.ReasonOffset < 0 ? null : BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_layout.ReasonOffset));
}
