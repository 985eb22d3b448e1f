using System;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.Packet;

namespace NetDrop.Tests.Packet;

/// <summary>
/// netdrop capture's per-frame path, ring to file: a TPACKET_V3 frame written through
/// <see cref="PcapNgWriter.WritePacket(int, in PacketFrame)"/> allocates nothing, and writes the
/// same bytes as the general overload given the frame's fields.
/// </summary>
public sealed unsafe class CaptureWritePathTests
{
    [Fact]
    public void Ring_frames_written_as_pcapng_allocate_nothing_per_frame()
    {
        using var ring = new SyntheticRing(16384, 4);
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, new ScriptedDrops { Otherwise = 5 }, null);
        using var writer = new PcapNgWriter(Stream.Null);
        int id = writer.AddInterface("veth0", LinkTypes.Ethernet, 262144);
        long allocated = 0;
        long frames = 0;
        long gaps = 0;
        for (int round = 0; round < 100; round++)
        {
            for (int block = 0; block < ring.BlockCount; block++)
            {
                ring.WriteV3Block(block, (uint)(TpStatus.User | (block == 2 ? TpStatus.Losing : 0)), round * 1000, 60, 61 + block);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            while (receiver.TryRead(out PacketFrame frame))
            {
                writer.WritePacket(id, frame);
                frames++;
                gaps += frame.Gap;
            }

            receiver.ReleaseHeld();
            long after = GC.GetAllocatedBytesForCurrentThread();

            // The first round sizes the writer's buffer and compiles the path.
            if (round > 0)
            {
                allocated += after - before;
            }
        }

        Assert.Equal(100 * 4 * 60, frames);
        Assert.Equal(100 * 5, gaps);
        Assert.Equal(frames, writer.PacketsWritten);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public void The_frame_overload_writes_what_the_general_one_writes(int snapLength)
    {
        using var ring = new SyntheticRing(16384, 4);
        using var receiver = new TpacketV3Receiver(ring.Base, ring.BlockSize, ring.BlockCount, new ScriptedDrops((1L << 40) + 7) { Otherwise = 0 }, null);
        for (int block = 0; block < ring.BlockCount; block++)
        {
            // Lengths with every remainder modulo 4; the first block follows kernel drops (more than 32 bits of them).
            ring.WriteV3Block(block, (uint)(TpStatus.User | (block == 0 ? TpStatus.Losing : 0)), block * 100, 30, 61 + block);
        }

        using var fast = new MemoryStream();
        using var general = new MemoryStream();
        using (var fastWriter = new PcapNgWriter(fast, leaveOpen: true, "test"))
        using (var generalWriter = new PcapNgWriter(general, leaveOpen: true, "test"))
        {
            int fastId = fastWriter.AddInterface("veth0", LinkTypes.Ethernet, snapLength);
            int generalId = generalWriter.AddInterface("veth0", LinkTypes.Ethernet, snapLength);
            int frames = 0;
            while (receiver.TryRead(out PacketFrame frame))
            {
                fastWriter.WritePacket(fastId, frame);
                generalWriter.WritePacket(
                    generalId,
                    frame.TimestampNanoseconds,
                    frame.Data,
                    (int)frame.OriginalLength,
                    (ulong)frame.Gap,
                    PcapNgPacketFlags.FromPacketSocket(frame.Status, frame.PacketType));
                frames++;
            }

            Assert.Equal(4 * 30, frames);
            fastWriter.StatisticsComment = "end";
            generalWriter.StatisticsComment = "end";
        }

        Assert.Equal(general.ToArray(), fast.ToArray());

        // And the file reads back with the gaps where the kernel's drops were.
        fast.Position = 0;
        using CaptureFileReader reader = CaptureFileReader.Open(fast);
        var drops = new System.Collections.Generic.List<ulong>();
        while (reader.TryReadNext(out CapturedRecord record))
        {
            if (record.DropCount is { } count)
            {
                drops.Add(count);
                Assert.True(snapLength == 0 || record.Data.Length <= snapLength);
            }
        }

        Assert.Null(reader.Error);
        Assert.Equal(new ulong[] { (1UL << 40) + 7 }, drops);
    }
}
