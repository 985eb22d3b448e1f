using System;
using System.Collections.Generic;
using NetDrop.Packet;

namespace NetDrop.Tests.Packet;

/// <summary>The TPACKET_V3 and V2 walkers over rings the test writes: order, block hand-back, gaps, and broken layouts.</summary>
public sealed unsafe class RingWalkTests
{
    private const uint User = (uint)TpStatus.User;
    private const uint Losing = (uint)TpStatus.Losing;

    [Fact]
    public void V3_frames_come_block_by_block_and_each_block_goes_back_once_read_past()
    {
        using var ring = new SyntheticRing(4096, 3);
        var drops = new ScriptedDrops();
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, drops, null);
        ring.WriteV3Block(0, User, 0, 3);
        ring.WriteV3Block(1, User | (uint)TpStatus.BlkTmo, 3, 2);

        var sequences = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(receiver.TryRead(out PacketFrame frame));
            sequences.Add(CaptureLab.Sequence(frame.Data));
            Assert.Equal(User, ring.BlockStatus(0) & User);
        }

        // Block 0 is still held until the read after its last frame.
        Assert.True(receiver.TryRead(out PacketFrame fourth));
        sequences.Add(CaptureLab.Sequence(fourth.Data));
        Assert.Equal(0u, ring.BlockStatus(0));
        Assert.Equal(1_700_000_000L * 1_000_000_000 + 3, fourth.TimestampNanoseconds);
        Assert.Equal(CaptureLab.FrameLength, fourth.CapturedLength);
        Assert.Equal((uint)CaptureLab.FrameLength + 4, fourth.OriginalLength);
        Assert.Equal(7, fourth.InterfaceIndex);
        Assert.Equal(CaptureLab.EtherType, fourth.Protocol);
        Assert.Equal(PacketType.Broadcast, fourth.PacketType);
        Assert.Equal(0xfeedu, fourth.RxHash);
        Assert.True(fourth.Status.HasFlag(TpStatus.CsumValid));

        Assert.True(receiver.TryRead(out PacketFrame fifth));
        sequences.Add(CaptureLab.Sequence(fifth.Data));
        Assert.False(receiver.TryRead(out _));
        Assert.Equal(0u, ring.BlockStatus(1));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, sequences);
        Assert.Equal(0, drops.Reads);
        Assert.Equal(2, receiver.Blocks);
    }

    [Fact]
    public void V3_a_block_with_frames_left_is_not_handed_back_by_a_wait()
    {
        using var ring = new SyntheticRing(4096, 2);
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, new ScriptedDrops(), null);
        ring.WriteV3Block(0, User, 0, 3);

        Assert.True(receiver.TryRead(out _));
        receiver.ReleaseHeld();
        Assert.True(receiver.HasUnread);
        Assert.NotEqual(0u, ring.BlockStatus(0));

        Assert.True(receiver.TryRead(out PacketFrame second));
        Assert.Equal(1, CaptureLab.Sequence(second.Data));
        Assert.True(receiver.TryRead(out _));
        receiver.ReleaseHeld();
        Assert.False(receiver.HasUnread);
        Assert.Equal(0u, ring.BlockStatus(0));
    }

    [Fact]
    public void V3_drops_read_at_a_losing_block_are_the_gap_of_its_first_frame()
    {
        using var ring = new SyntheticRing(4096, 4);
        var drops = new ScriptedDrops(40, 6) { LastFreezes = 1 };
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, drops, null);
        ring.WriteV3Block(0, User, 0, 2);
        ring.WriteV3Block(1, User | Losing, 42, 2);

        var gaps = new List<long>();
        var approximate = new List<bool>();
        Read(receiver, gaps, approximate);

        // Closed after that read: a losing block that timed out empty passes its drops to the next frame.
        ring.WriteV3Block(2, User | Losing | (uint)TpStatus.BlkTmo, 0, 0);
        ring.WriteV3Block(3, User, 50, 1);
        Read(receiver, gaps, approximate);

        Assert.Equal(new long[] { 0, 0, 40, 0, 6 }, gaps);
        Assert.DoesNotContain(true, approximate);
        Assert.Equal(2, drops.Reads);
        Assert.Equal(46, receiver.GapsAttributed);
        Assert.Equal(0, receiver.GapsPending);
    }

    [Fact]
    public void V3_a_read_that_spans_several_freezes_marks_its_gap_approximate()
    {
        using var ring = new SyntheticRing(4096, 3);
        var drops = new ScriptedDrops(30, 5) { LastFreezes = 1 };
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, drops, null);
        ring.WriteV3Block(0, User | Losing, 0, 1);

        Assert.True(receiver.TryRead(out PacketFrame exact));
        Assert.Equal(30, exact.Gap);
        Assert.False(exact.GapIsApproximate);

        ring.WriteV3Block(1, User | Losing, 1, 1);
        drops.LastFreezes = 2;
        Assert.True(receiver.TryRead(out PacketFrame approximate));
        Assert.Equal(5, approximate.Gap);
        Assert.True(approximate.GapIsApproximate);
        Assert.Equal(1, receiver.ApproximateGaps);
    }

    [Fact]
    public void V3_a_read_while_every_block_is_user_spaces_is_approximate_and_makes_the_waiting_blocks_flags_stale()
    {
        using var ring = new SyntheticRing(4096, 3);
        var drops = new ScriptedDrops(30, 7) { LastFreezes = 1 };
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, drops, null);
        ring.WriteV3Block(0, User | Losing, 0, 1);
        ring.WriteV3Block(1, User | Losing, 1, 1);
        ring.WriteV3Block(2, User | Losing, 2, 1);

        var gaps = new List<long>();
        var approximate = new List<bool>();
        Read(receiver, gaps, approximate);

        // The ring may have been frozen at the read; blocks 1 and 2 were closed before it, so their
        // LOSING flags speak of drops that read already took.
        Assert.Equal(new long[] { 30, 0, 0 }, gaps);
        Assert.Equal(new[] { true, false, false }, approximate);
        Assert.Equal(1, drops.Reads);

        // The next block, closed after the read, is read; the freeze that straddled the last read counts.
        drops.LastFreezes = 0;
        ring.WriteV3Block(0, User | Losing, 3, 1);
        Read(receiver, gaps, approximate);
        Assert.Equal(7, gaps[3]);
        Assert.False(approximate[3]);
    }

    private static void Read(TpacketV3Receiver receiver, List<long> gaps, List<bool> approximate)
    {
        while (receiver.TryRead(out PacketFrame frame))
        {
            gaps.Add(frame.Gap);
            approximate.Add(frame.GapIsApproximate);
        }
    }

    [Fact]
    public void V3_a_block_whose_layout_does_not_add_up_is_skipped_not_read_outside()
    {
        using var ring = new SyntheticRing(4096, 4);
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, new ScriptedDrops(), null);

        // First frame offset past the block's end.
        ring.WriteV3Block(0, User, 0, 2);
        BitConverter.TryWriteBytes(ring.Block(0).Slice(16), 5000u);

        // A frame whose packet would run past the block.
        ring.WriteV3Block(1, User, 10, 1);
        BitConverter.TryWriteBytes(ring.Block(1).Slice(48 + 12), 9000u);

        // More frames announced than the chain holds: the sound first frame is kept.
        ring.WriteV3Block(2, User, 20, 1);
        BitConverter.TryWriteBytes(ring.Block(2).Slice(12), 5u);
        ring.WriteV3Block(3, User, 30, 1);

        var sequences = new List<int>();
        while (receiver.TryRead(out PacketFrame frame))
        {
            sequences.Add(CaptureLab.Sequence(frame.Data));
        }

        Assert.Equal(new[] { 20, 30 }, sequences);
        Assert.Equal(3, receiver.MalformedRecords);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(0u, ring.BlockStatus(i));
        }
    }

    [Fact]
    public void V3_random_block_contents_never_throw()
    {
        var random = new Random(5);
        using var ring = new SyntheticRing(4096, 2);
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, new ScriptedDrops { Otherwise = 1 }, null);
        long frames = 0;
        for (int round = 0; round < 2000; round++)
        {
            int block = round % 2;
            ring.WriteV3Block(block, User, round, random.Next(0, 4));
            Span<byte> bytes = ring.Block(block);
            for (int flips = random.Next(1, 8); flips > 0; flips--)
            {
                bytes[random.Next(12, 200)] = (byte)random.Next(256);
            }

            bytes[8] |= 1;
            while (receiver.TryRead(out PacketFrame frame))
            {
                frames++;
                Assert.True(frame.CapturedLength <= ring.BlockSize);
            }
        }

        Assert.True(frames > 0);
    }

    [Fact]
    public void V2_frames_come_slot_by_slot_and_a_losing_frame_carries_the_drops()
    {
        const int FrameSize = 256;
        using var ring = new SyntheticRing(4096, 2);
        var drops = new ScriptedDrops(17);
        using var receiver = new TpacketV2Receiver(ring.Base, ring.BlockSize, ring.BlockCount, FrameSize, drops, null);
        int slots = ring.BlockSize / FrameSize * ring.BlockCount;
        for (int i = 0; i < slots; i++)
        {
            ring.WriteV2Slot(i, FrameSize, i == 20 ? User | Losing : User, i);
        }

        var sequences = new List<int>();
        var gaps = new List<long>();
        var approximate = new List<bool>();
        while (receiver.TryRead(out PacketFrame frame))
        {
            sequences.Add(CaptureLab.Sequence(frame.Data));
            gaps.Add(frame.Gap);
            approximate.Add(frame.GapIsApproximate);
        }

        Assert.Equal(slots, sequences.Count);
        for (int i = 0; i < slots; i++)
        {
            Assert.Equal(i, sequences[i]);
            Assert.Equal(i == 20 ? 17 : 0, gaps[i]);
            Assert.Equal(i == 20, approximate[i]);
            Assert.Equal(0u, BitConverter.ToUInt32(ring.Slot(i, FrameSize)));
        }

        // The ring wraps: slot 0 is read again once the kernel fills it again.
        ring.WriteV2Slot(0, FrameSize, User, 1000);
        Assert.True(receiver.TryRead(out PacketFrame again));
        Assert.Equal(1000, CaptureLab.Sequence(again.Data));
    }

    [Fact]
    public void V2_a_slot_whose_packet_runs_past_it_is_skipped()
    {
        const int FrameSize = 256;
        using var ring = new SyntheticRing(4096, 1);
        using var receiver = new TpacketV2Receiver(ring.Base, ring.BlockSize, ring.BlockCount, FrameSize, new ScriptedDrops(), null);
        ring.WriteV2Slot(0, FrameSize, User, 0);
        BitConverter.TryWriteBytes(ring.Slot(0, FrameSize).Slice(8), 4000u);
        ring.WriteV2Slot(1, FrameSize, User, 1);

        Assert.True(receiver.TryRead(out PacketFrame frame));
        Assert.Equal(1, CaptureLab.Sequence(frame.Data));
        Assert.Equal(1, receiver.MalformedRecords);
    }
}
