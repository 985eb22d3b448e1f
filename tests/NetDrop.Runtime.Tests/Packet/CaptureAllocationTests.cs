using System;
using NetDrop.Packet;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Packet;

/// <summary>Reading frames allocates nothing per frame once warm, on every receive path.</summary>
[Trait("Needs", "live-kernel")]
public sealed unsafe class CaptureAllocationTests
{
    private static long s_sink;

    [Fact]
    public void Walking_v3_blocks_allocates_nothing()
    {
        using var ring = new SyntheticRing(8192, 4);
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, new ScriptedDrops { Otherwise = 3 }, null);
        long allocated = 0;
        int frames = 0;
        for (int round = 0; round < 200; round++)
        {
            for (int block = 0; block < ring.BlockCount; block++)
            {
                ring.WriteV3Block(block, (uint)(TpStatus.User | (block == 1 ? TpStatus.Losing : 0)), frames, 40);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            frames += Walk(receiver);
            receiver.ReleaseHeld();
            if (round > 0)
            {
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        Assert.Equal(200 * 4 * 40, frames);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Walking_v2_slots_allocates_nothing()
    {
        const int FrameSize = 256;
        using var ring = new SyntheticRing(4096, 4);
        using var receiver = new TpacketV2Receiver(ring.Base, ring.BlockSize, ring.BlockCount, FrameSize, new ScriptedDrops { Otherwise = 2 }, null);
        int slots = ring.BlockSize / FrameSize * ring.BlockCount;
        long allocated = 0;
        int frames = 0;
        for (int round = 0; round < 200; round++)
        {
            for (int slot = 0; slot < slots; slot++)
            {
                ring.WriteV2Slot(slot, FrameSize, (uint)(TpStatus.User | (slot % 7 == 0 ? TpStatus.Losing : 0)), slot);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            frames += Walk(receiver);
            receiver.ReleaseHeld();
            if (round > 0)
            {
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        Assert.Equal(200 * slots, frames);
        Assert.Equal(0, allocated);
    }

    [LiveKernelTheory]
    [InlineData(PacketReceivePath.RingV3)]
    [InlineData(PacketReceivePath.RingV2)]
    [InlineData(PacketReceivePath.Recvmsg)]
    public void Capturing_from_the_kernel_allocates_nothing_per_frame(PacketReceivePath path)
    {
        using var lab = new CaptureLab();
        using PacketCapture capture = lab.OpenCapture(new PacketCaptureOptions { ReceivePath = path, BlockRetireTimeout = TimeSpan.FromMilliseconds(5) });
        const int Rounds = 20;
        const int PerRound = 100;
        long allocated = 0;
        int roundsAllocating = 0;
        int frames = 0;
        long linkDrops = lab.LinkDrops();
        for (int round = 0; round < Rounds; round++)
        {
            // Sending allocates (the test's frame builder); only the reading is measured.
            lab.Send(round * PerRound, PerRound);
            long before = GC.GetAllocatedBytesForCurrentThread();
            int read = ReadBatch(capture, PerRound);
            long after = GC.GetAllocatedBytesForCurrentThread();
            frames += read;
            if (round > 1 && after != before)
            {
                allocated += after - before;
                roundsAllocating++;
            }
        }

        // Per frame: a cost per frame shows in every round. A one-off allocation of the runtime's (a method
        // tiering up late on a busy machine) shows in one round and is not a cost per frame.
        // Every frame sent was read, unless the socket or (on a busy machine) the veth pair dropped it.
        long trailing = capture.Finish();
        Assert.Equal(Rounds * PerRound, frames + trailing + (lab.LinkDrops() - linkDrops));
        Assert.InRange(frames, Rounds * PerRound / 2, Rounds * PerRound);
        Assert.True(roundsAllocating <= 1, $"{roundsAllocating} of {Rounds - 2} rounds allocated, {allocated} bytes in all");
    }

    private static int ReadBatch(PacketCapture capture, int expected)
    {
        int read = 0;
        long deadline = Environment.TickCount64 + 10_000;
        while (read < expected && Environment.TickCount64 < deadline)
        {
            while (capture.TryRead(out PacketFrame frame))
            {
                read++;
                s_sink += frame.Data[14] + frame.Gap + frame.TimestampNanoseconds;
            }

            if (read < expected)
            {
                capture.Wait(TimeSpan.FromMilliseconds(20));
            }
        }

        return read;
    }

    private static int Walk(PacketReceiver receiver)
    {
        int frames = 0;
        long checksum = 0;
        while (receiver.TryRead(out PacketFrame frame))
        {
            frames++;
            checksum += frame.Data[15] + frame.Gap + frame.TimestampNanoseconds + frame.OriginalLength;
        }

        s_sink = checksum;
        return frames;
    }
}
