using NetDrop.Packet;

namespace NetDrop.Tests.Packet;

/// <summary>A ring size as blocks, as netdrop capture --ring-size asks for it.</summary>
public sealed class RingBlocksTests
{
    [Theory]
    [InlineData(64 << 10, 8 << 10, 8)]
    [InlineData(4 << 20, 512 << 10, 8)]
    [InlineData(16 << 20, 1 << 20, 16)]
    [InlineData(100_000, 8192, 12)]
    [InlineData(4096, 4096, 2)]
    public void A_ring_size_becomes_whole_blocks_of_a_power_of_two(int ringBytes, int blockSize, int blockCount) =>
        Assert.Equal((blockSize, blockCount), PacketCaptureOptions.RingBlocks(ringBytes));
}
