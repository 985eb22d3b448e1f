using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.Packet;

/// <summary>
/// Walks a TPACKET_V2 ring slot by slot: a slot belongs to user space once its tp_status has
/// TP_STATUS_USER, and it is handed back (status 0) when the next frame is asked for. A frame marked
/// TP_STATUS_LOSING makes the reader read PACKET_STATISTICS; those drops become that frame's gap
/// (docs/capture.md says how exact that is).
/// </summary>
internal sealed unsafe class TpacketV2Receiver : PacketReceiver
{
    // TPACKET_ALIGN(sizeof(struct tpacket2_hdr)): where the frame's sockaddr_ll sits.
    private const int SockaddrOffset = tpacket2_hdr.Size;

    private readonly byte* _ring;
    private readonly int _blockSize;
    private readonly int _frameSize;
    private readonly int _framesPerBlock;
    private readonly int _frameCount;
    private readonly IDropCounter _drops;
    private readonly IDisposable? _mapping;

    private int _slot;
    private bool _holding;

    public TpacketV2Receiver(byte* ring, int blockSize, int blockCount, int frameSize, IDropCounter drops, IDisposable? mapping)
    {
        _ring = ring;
        _blockSize = blockSize;
        _frameSize = frameSize;
        _framesPerBlock = blockSize / frameSize;
        _frameCount = _framesPerBlock * blockCount;
        _drops = drops;
        _mapping = mapping;
    }

    public override bool TryRead(out PacketFrame frame)
    {
        while (true)
        {
            ReleaseHeld();
            byte* slot = CurrentSlot;
            uint status = Volatile.Read(ref *(uint*)slot);
            if ((status & (uint)TpStatus.User) == 0)
            {
                frame = default;
                return false;
            }

            _holding = true;
            if ((status & (uint)TpStatus.Losing) != 0)
            {
                // The kernel had counted drops (since the last statistics read) when it filled this
                // slot: at least one of them came before this frame. Others may have come after it,
                // if the ring filled up again before the reader got here, and a V2 ring keeps no
                // trace that would tell: so these gaps are always marked approximate.
                Ledger.Add(_drops.ReadDrops(), approximate: true);
            }

            var bytes = new ReadOnlySpan<byte>(slot, _frameSize);
            tpacket2_hdr header = MemoryMarshal.Read<tpacket2_hdr>(bytes);
            if (header.tp_mac < SockaddrOffset + sockaddr_ll.Size || (long)header.tp_mac + header.tp_snaplen > _frameSize)
            {
                MalformedRecords++;
                continue;
            }

            sockaddr_ll address = MemoryMarshal.Read<sockaddr_ll>(bytes.Slice(SockaddrOffset));
            FramesRead++;
            frame = new PacketFrame(
                bytes.Slice(header.tp_mac, (int)header.tp_snaplen),
                header.tp_len,
                (header.tp_sec * 1_000_000_000L) + header.tp_nsec,
                Ledger.Take(out bool approximate),
                (TpStatus)status,
                address.sll_ifindex,
                (PacketType)address.sll_pkttype,
                HostOrder(address.sll_protocol),
                header.tp_vlan_tci,
                header.tp_vlan_tpid,
                0,
                approximate,
                address.sll_hatype,
                address.sll_halen,
                PacketFrame.AddressOf(in address));
            return true;
        }
    }

    public override void ReleaseHeld()
    {
        if (!_holding)
        {
            return;
        }

        Volatile.Write(ref *(uint*)CurrentSlot, (uint)AfPacketConstants.TP_STATUS_KERNEL);
        _holding = false;
        _slot = _slot + 1 == _frameCount ? 0 : _slot + 1;
    }

    public override void Dispose() => _mapping?.Dispose();

    private byte* CurrentSlot => _ring + ((long)(_slot / _framesPerBlock) * _blockSize) + ((long)(_slot % _framesPerBlock) * _frameSize);
}
