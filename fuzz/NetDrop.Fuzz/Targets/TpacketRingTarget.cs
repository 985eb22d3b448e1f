using System;
using System.Runtime.InteropServices;
using NetDrop.Packet;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// Ring memory as the kernel would hand it over, walked by the TPACKET_V3 and V2 readers. The first
/// input byte picks the version (even: V3, odd: V2), the rest is the ring's bytes (two 4 KiB blocks,
/// zero-filled past the input). Whatever the bytes, a walk must end, every frame must lie inside the
/// ring, and gaps must add up to what the drop counter reported.
/// </summary>
internal sealed unsafe class TpacketRingTarget : FuzzTarget
{
    private const int BlockSize = 4096;
    private const int BlockCount = 2;
    private const int FrameSize = 256;

    // More frames than two blocks can hold at the smallest frame: a walk past this has looped.
    private const int MaxFrames = 2 * BlockSize * BlockCount;

    private byte* _ring;

    public override string Name => "tpacket";

    public override string Description => "TPACKET_V3 blocks and TPACKET_V2 slots (the ring readers); 1 byte version (even V3, odd V2), then the ring";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (_ring is null)
        {
            _ring = (byte*)NativeMemory.AlignedAlloc(BlockSize * BlockCount, 4096);
        }

        var ring = new Span<byte>(_ring, BlockSize * BlockCount);
        ring.Clear();
        bool v3 = input.IsEmpty || (input[0] & 1) == 0;
        if (!input.IsEmpty)
        {
            input[1..][..Math.Min(input.Length - 1, ring.Length)].CopyTo(ring);
        }

        var drops = new SteadyDrops();
        using PacketReceiver receiver = v3
            ? new TpacketV3Receiver(_ring, BlockSize, BlockCount, drops, null)
            : new TpacketV2Receiver(_ring, BlockSize, BlockCount, FrameSize, drops, null);
        long frames = 0;
        long gaps = 0;

        // Two passes round the ring: the second finds every block or slot handed back by the first.
        for (int pass = 0; pass < 2; pass++)
        {
            while (receiver.TryRead(out PacketFrame frame))
            {
                frames++;
                Invariants.That(frames <= MaxFrames, $"more than {MaxFrames} frames from a {BlockSize * BlockCount}-byte ring: the walk does not end");
                Invariants.That(frame.Gap >= 0, $"a negative gap {frame.Gap}");
                gaps += frame.Gap;
                fixed (byte* data = frame.Data)
                {
                    Invariants.That(frame.Data.IsEmpty || (data >= _ring && data + frame.Data.Length <= _ring + ring.Length), "a frame's bytes lie outside the ring");
                }
            }

            receiver.ReleaseHeld();
        }

        Invariants.That(gaps == receiver.GapsAttributed, $"frames carry {gaps} dropped, the ledger says {receiver.GapsAttributed}");
        Invariants.That(receiver.GapsAttributed + receiver.GapsPending == drops.Reported, $"{receiver.GapsAttributed} attributed + {receiver.GapsPending} pending, but the counter reported {drops.Reported}");
    }

    /// <summary>A kernel that reports 3 drops at every statistics read.</summary>
    private sealed class SteadyDrops : IDropCounter
    {
        public long Reported { get; private set; }

        public long LastFreezes => 1;

        public long ReadDrops()
        {
            Reported += 3;
            return 3;
        }
    }
}
