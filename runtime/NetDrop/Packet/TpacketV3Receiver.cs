using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.Packet;

/// <summary>
/// Walks a TPACKET_V3 ring block by block: a block belongs to user space once its block_status has
/// TP_STATUS_USER, its frames are delivered in order, and it is handed back (status 0) as soon as
/// the read after its last frame asks for more. A block closed with TP_STATUS_LOSING makes the reader
/// read PACKET_STATISTICS; those drops become the gap of the block's first frame (docs/capture.md).
/// </summary>
internal sealed unsafe class TpacketV3Receiver : PacketReceiver
{
    // TPACKET_ALIGN(sizeof(struct tpacket3_hdr)): where the frame's sockaddr_ll sits.
    private const int SockaddrOffset = tpacket3_hdr.Size;
    private const int BlockStatusOffset = 8;

    private readonly byte* _ring;
    private readonly int _blockSize;
    private readonly int _blockCount;
    private readonly IDropCounter _drops;
    private readonly IDisposable? _mapping;

    private int _block;
    private bool _holding;
    private uint _framesLeft;
    private int _offset;

    // Gap bookkeeping across statistics reads (see ReadDrops).
    private int _staleAhead;
    private int _ambiguousAhead;
    private bool _freezeStraddlesRead;

    /// <param name="ring">The mapped ring (or, in tests, memory laid out like one).</param>
    public TpacketV3Receiver(byte* ring, int blockSize, int blockCount, IDropCounter drops, IDisposable? mapping)
    {
        _ring = ring;
        _blockSize = blockSize;
        _blockCount = blockCount;
        _drops = drops;
        _mapping = mapping;
    }

    /// <summary>
    /// Compiles the per-frame methods now, before the socket is bound. Left to the first frame, the
    /// compilation would stall the reader while the kernel fills the ring, and frames would be lost
    /// at the start of a capture at full rate. (A no-op where code is compiled ahead of time.)
    /// </summary>
    public static void PrepareFramePath()
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        RuntimeHelpers.PrepareMethod(typeof(TpacketV3Receiver).GetMethod(nameof(TryRead), Instance)!.MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(TpacketV3Receiver).GetMethod(nameof(TryReadFrame), Instance)!.MethodHandle);
    }

    /// <summary>Blocks received from the kernel so far.</summary>
    public long Blocks { get; private set; }

    // The per-frame path: compiled fully optimized at its first call, so the first frames of a capture
    // are not read by unoptimized code while the ring fills (and no recompilation runs under load).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(out PacketFrame frame)
    {
        while (true)
        {
            if (_holding)
            {
                if (_framesLeft > 0)
                {
                    if (TryReadFrame(out frame))
                    {
                        return true;
                    }

                    // A frame that does not fit its block: the kernel wrote something else than a
                    // TPACKET_V3 block here. Skip what is left of it rather than read outside it.
                    MalformedRecords++;
                }

                HandBack();
            }

            byte* block = CurrentBlock;
            uint status = Volatile.Read(ref *(uint*)(block + BlockStatusOffset));
            if ((status & (uint)TpStatus.User) == 0)
            {
                frame = default;
                return false;
            }

            ref readonly tpacket_block_desc descriptor = ref *(tpacket_block_desc*)block;
            _holding = true;
            Blocks++;
            _framesLeft = descriptor.hdr.num_pkts;
            _offset = (int)Math.Min(descriptor.hdr.offset_to_first_pkt, (uint)int.MaxValue);
            bool stale = _staleAhead > 0;
            bool ambiguous = !stale && _ambiguousAhead > 0;
            _staleAhead -= stale ? 1 : 0;
            _ambiguousAhead -= ambiguous ? 1 : 0;
            if ((status & (uint)TpStatus.Losing) != 0 && !stale)
            {
                ReadDrops(ambiguous);
            }
        }
    }

    public override bool HasUnread => _holding && _framesLeft > 0;

    /// <summary>
    /// The block being opened was closed with TP_STATUS_LOSING: the kernel had counted drops. They
    /// happened while the ring was frozen, before this block was opened, so they precede its first
    /// frame. The position is exact when the drops come from one freeze that is over; docs/capture.md
    /// walks through the cases where it is not, which are marked approximate.
    /// </summary>
    private void ReadDrops(bool ambiguous)
    {
        // Blocks already closed before the read carry LOSING for drops this read takes: their flag
        // is stale. Blocks closed while it ran cannot be told apart.
        int before = UserBlocksAhead();
        long drops = _drops.ReadDrops();
        int after = UserBlocksAhead();
        _staleAhead = before;
        _ambiguousAhead = after - before;

        // Every other block user space's: the ring may be frozen now, and the drops of that freeze
        // (after the newest block, not before this one) may be in this read and in the next.
        bool maybeFrozen = after == _blockCount - 1;
        long freezes = _drops.LastFreezes + (_freezeStraddlesRead ? 1 : 0);
        _freezeStraddlesRead = maybeFrozen;
        Ledger.Add(drops, approximate: ambiguous || maybeFrozen || freezes > 1);
    }

    /// <summary>How many blocks after the current one the kernel has handed over (and user space not yet handed back).</summary>
    private int UserBlocksAhead()
    {
        int count = 0;
        for (int i = 1; i < _blockCount; i++)
        {
            int index = (_block + i) % _blockCount;
            uint status = Volatile.Read(ref *(uint*)(_ring + ((long)index * _blockSize) + BlockStatusOffset));
            if ((status & (uint)TpStatus.User) == 0)
            {
                break;
            }

            count++;
        }

        return count;
    }

    /// <summary>Hands the current block back once every frame in it has been read; a block with frames left stays.</summary>
    public override void ReleaseHeld()
    {
        if (_holding && _framesLeft == 0)
        {
            HandBack();
        }
    }

    public override void Dispose() => _mapping?.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void HandBack()
    {
        Volatile.Write(ref *(uint*)(CurrentBlock + BlockStatusOffset), (uint)AfPacketConstants.TP_STATUS_KERNEL);
        _holding = false;
        _framesLeft = 0;
        _block = _block + 1 == _blockCount ? 0 : _block + 1;
    }

    private byte* CurrentBlock => _ring + ((long)_block * _blockSize);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadFrame(out PacketFrame frame)
    {
        byte* block = CurrentBlock;
        if (_offset < tpacket_block_desc.Size || _offset > _blockSize - SockaddrOffset - sockaddr_ll.Size)
        {
            frame = default;
            return false;
        }

        // Fields are read in place (the block is user space's until it is handed back): only what the frame needs.
        tpacket3_hdr* header = (tpacket3_hdr*)(block + _offset);
        uint snaplen = header->tp_snaplen;
        long mac = (long)_offset + header->tp_mac;
        if (header->tp_mac < SockaddrOffset + sockaddr_ll.Size || mac + snaplen > _blockSize)
        {
            frame = default;
            return false;
        }

        sockaddr_ll* address = (sockaddr_ll*)(block + _offset + SockaddrOffset);
        uint next = header->tp_next_offset;
        _framesLeft--;
        if (_framesLeft > 0)
        {
            if (next == 0 || (long)_offset + next > _blockSize)
            {
                // This frame is sound, the chain after it is not: deliver it, skip the rest.
                MalformedRecords++;
                _framesLeft = 0;
            }
            else
            {
                _offset += (int)next;
            }
        }

        FramesRead++;
        frame = new PacketFrame(
            new ReadOnlySpan<byte>(block + mac, (int)snaplen),
            header->tp_len,
            (header->tp_sec * 1_000_000_000L) + header->tp_nsec,
            Ledger.Take(out bool approximate),
            (TpStatus)header->tp_status,
            address->sll_ifindex,
            (PacketType)address->sll_pkttype,
            HostOrder(address->sll_protocol),
            (ushort)header->hv1.tp_vlan_tci,
            header->hv1.tp_vlan_tpid,
            header->hv1.tp_rxhash,
            approximate,
            address->sll_hatype,
            address->sll_halen,
            PacketFrame.AddressOf(in *address));
        return true;
    }
}
