using System;
using System.Buffers.Binary;
using L = NetDrop.Bpf.BpfDropRecordLayout;

namespace NetDrop.Bpf;

/// <summary>
/// One drop as the BPF program recorded it, viewed in place in the ring buffer: valid only during the
/// handler's call. Reading it allocates nothing.
/// </summary>
public readonly ref struct BpfDropRecord
{
    private readonly ReadOnlySpan<byte> _data;

    /// <param name="data">The record (at least <see cref="BpfDropRecordLayout.Packet"/> bytes; the source checks).</param>
    public BpfDropRecord(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>CLOCK_MONOTONIC nanoseconds (see the source's WallClockOffset for Unix time).</summary>
    public ulong Timestamp => U64(L.Time);

    public ulong Location => U64(L.Location);

    public ulong SkbAddress => U64(L.SkbAddress);

    /// <summary>The process (thread group) running when the packet was freed: the sender, for local and veth traffic.</summary>
    public int Pid => (int)(U64(L.PidTgid) >> 32);

    /// <summary>The thread.</summary>
    public int Tid => (int)(uint)U64(L.PidTgid);

    /// <summary>The kernel's reason number (subsystem in the high 16 bits).</summary>
    [global::NetDrop.Metadata.KernelReasonNumber]
    public uint ReasonNumber => U32(L.Reason);

    public int Cpu => (int)U32(L.Cpu);

    /// <summary>skb->len: bytes from skb->data to the end, fragments included.</summary>
    public uint Length => U32(L.Length);

    public uint DataLength => U32(L.DataLength);

    public uint Mark => U32(L.Mark);

    /// <summary>skb->skb_iif: the interface the packet came in on, 0 for locally made packets.</summary>
    public int InputInterface => (int)U32(L.InputInterface);

    /// <summary>skb->dev's ifindex, 0 when the packet had no device.</summary>
    public int DeviceIndex => (int)U32(L.DeviceIndex);

    /// <summary>The network namespace's inode (as /proc/PID/ns/net shows it), 0 when unknown.</summary>
    public uint NamespaceInode => U32(L.NamespaceInode);

    /// <summary>skb->protocol in host order (ETH_P_IP is 0x0800).</summary>
    public ushort Protocol => BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(L.Protocol));

    /// <summary>The receiving (or owning) socket's local port, 0 without a socket.</summary>
    public ushort LocalPort => BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(L.LocalPort));

    public ushort MacHeader => BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(L.MacHeader));

    public ushort NetworkHeader => BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(L.NetworkHeader));

    /// <summary>Whether <see cref="Packet"/> starts at the MAC header (else at the network header).</summary>
    public bool HasMacHeader => MacHeader != L.HeaderUnset;

    /// <summary>Whether the source's kernel filter tested the drop and passed it (false without a filter, or when the packet's headers were beyond it).</summary>
    public bool PassedKernelFilter => BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(L.FilterVerdict)) == 1;

    /// <summary>The current task's name, NUL-padded.</summary>
    public ReadOnlySpan<byte> Comm => CString(_data.Slice(L.Comm, L.CommLength));

    /// <summary>The device's name, empty without a device.</summary>
    public ReadOnlySpan<byte> DeviceName => CString(_data.Slice(L.DeviceName, KernelOffsets.InterfaceNameLength));

    /// <summary>
    /// The packet's first bytes from its MAC header (or, when none was set, its network header): the
    /// program copies the snap length, and this is the part that lies in the packet's linear data.
    /// </summary>
    public ReadOnlySpan<byte> Packet
    {
        get
        {
            int copied = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(L.SnapLength)), _data.Length - L.Packet);
            long start = HasMacHeader ? MacHeader : NetworkHeader;

            // The linear data runs from head + data offset for len - data_len bytes.
            long linearEnd = (long)U32(L.DataOffset) + U32(L.Length) - U32(L.DataLength);
            long valid = Math.Clamp(linearEnd - start, 0, copied);
            return _data.Slice(L.Packet, (int)valid);
        }
    }

    /// <summary>The kernel stack when the drop happened, innermost frame first, as u64 return addresses; empty when the source was not asked for stacks.</summary>
    public ReadOnlySpan<byte> KernelStack
    {
        get
        {
            int start = L.Size(BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(L.SnapLength)));
            if (_data.Length < start + 8)
            {
                return default;
            }

            int bytes = (int)Math.Min(U32(start), (uint)(_data.Length - start - 8));
            return _data.Slice(start + 8, bytes & ~7);
        }
    }

    private ulong U64(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(offset));

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(offset));

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return end < 0 ? field : field.Slice(0, end);
    }
}
