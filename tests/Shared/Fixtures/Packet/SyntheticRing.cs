using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NetDrop.Packet;

namespace NetDrop.Tests.Packet;

/// <summary>
/// Native memory laid out the way the kernel lays out a receive ring, written by the test instead of
/// the kernel, so the walkers can be driven through exact block and slot contents (and broken ones).
/// </summary>
internal sealed unsafe class SyntheticRing : IDisposable
{
    // Where a frame's packet starts, as the kernel places it for a 64-byte frame without reserve.
    public const int V3MacOffset = 48 + 32;
    public const int V2MacOffset = 32 + 32;

    public SyntheticRing(int blockSize, int blockCount)
    {
        BlockSize = blockSize;
        BlockCount = blockCount;
        Base = (byte*)NativeMemory.AlignedAlloc((nuint)(blockSize * blockCount), 4096);
        Bytes.Clear();
    }

    public int BlockSize { get; }

    public int BlockCount { get; }

    public byte* Base { get; }

    public Span<byte> Bytes => new(Base, BlockSize * BlockCount);

    public Span<byte> Block(int index) => Bytes.Slice(index * BlockSize, BlockSize);

    public uint BlockStatus(int index) => BinaryPrimitives.ReadUInt32LittleEndian(Block(index).Slice(8));

    /// <summary>Fills block <paramref name="index"/> with test frames <paramref name="first"/>.. and hands it to "user space" with <paramref name="status"/>.</summary>
    public void WriteV3Block(int index, uint status, int first, int count, int frameLength = CaptureLab.FrameLength)
    {
        Span<byte> block = Block(index);
        block.Clear();
        int offset = tpacket_block_desc.Size;
        int frameSpan = (V3MacOffset + frameLength + 15) & ~15;
        for (int i = 0; i < count; i++)
        {
            Span<byte> frame = block.Slice(offset);
            var header = new tpacket3_hdr
            {
                tp_next_offset = i == count - 1 ? 0u : (uint)frameSpan,
                tp_sec = 1_700_000_000,
                tp_nsec = (uint)(first + i),
                tp_snaplen = (uint)frameLength,
                tp_len = (uint)frameLength + 4,
                tp_status = (uint)(TpStatus.User | TpStatus.CsumValid),
                tp_mac = V3MacOffset,
                tp_net = V3MacOffset + 14,
            };
            header.hv1.tp_rxhash = 0xfeed;
            MemoryMarshal.Write(frame, in header);
            var address = new sockaddr_ll { sll_family = 17, sll_protocol = 0xB588, sll_ifindex = 7, sll_pkttype = 1 };
            MemoryMarshal.Write(frame.Slice(48), in address);
            CaptureLab.Build(frame.Slice(V3MacOffset, frameLength), first + i, 0x5A);
            offset += frameSpan;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(block, 2);
        BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(12), (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(16), tpacket_block_desc.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(20), (uint)offset);
        BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(8), status);
    }

    public Span<byte> Slot(int slot, int frameSize)
    {
        int perBlock = BlockSize / frameSize;
        return Block(slot / perBlock).Slice(slot % perBlock * frameSize, frameSize);
    }

    public void WriteV2Slot(int slot, int frameSize, uint status, int sequence)
    {
        Span<byte> frame = Slot(slot, frameSize);
        frame.Clear();
        var header = new tpacket2_hdr
        {
            tp_len = CaptureLab.FrameLength,
            tp_snaplen = CaptureLab.FrameLength,
            tp_mac = V2MacOffset,
            tp_net = V2MacOffset + 14,
            tp_sec = 1_700_000_000,
            tp_nsec = (uint)sequence,
        };
        MemoryMarshal.Write(frame, in header);
        var address = new sockaddr_ll { sll_family = 17, sll_protocol = 0xB588, sll_ifindex = 7 };
        MemoryMarshal.Write(frame.Slice(32), in address);
        CaptureLab.Build(frame.Slice(V2MacOffset, CaptureLab.FrameLength), sequence, 0x5A);
        BinaryPrimitives.WriteUInt32LittleEndian(frame, status);
    }

    public void Dispose() => NativeMemory.AlignedFree(Base);
}

/// <summary>A drop counter that answers from a script (then with <see cref="Otherwise"/>), counting how often it was asked.</summary>
internal sealed class ScriptedDrops : IDropCounter
{
    private readonly System.Collections.Generic.Queue<long> _answers;

    public ScriptedDrops(params long[] answers) => _answers = new(answers);

    public long Otherwise { get; init; }

    /// <summary>What the counter says about ring freezes after each read.</summary>
    public long LastFreezes { get; set; }

    public int Reads { get; private set; }

    public long ReadDrops()
    {
        Reads++;
        return _answers.TryDequeue(out long drops) ? drops : Otherwise;
    }
}
