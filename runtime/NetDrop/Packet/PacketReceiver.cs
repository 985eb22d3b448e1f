using System;

namespace NetDrop.Packet;

/// <summary>One way of getting frames from a packet socket; each keeps its own gap ledger.</summary>
internal abstract class PacketReceiver : IDisposable
{
    protected GapLedger Ledger;

    /// <summary>Frames delivered by <see cref="TryRead"/>.</summary>
    public long FramesRead { get; protected set; }

    /// <summary>Blocks, slots or messages whose layout did not add up, skipped with what they held.</summary>
    public long MalformedRecords { get; protected set; }

    public long GapsAttributed => Ledger.Attributed;

    /// <summary>An error the socket reported while frames were still queued, for the capture to raise after them.</summary>
    public PacketSocketException? Failure { get; protected set; }

    public long GapsPending => Ledger.Pending;

    /// <summary>The next frame, if one is ready; the previous frame's view becomes invalid.</summary>
    public abstract bool TryRead(out PacketFrame frame);

    /// <summary>Hands back to the kernel whatever the last frame still holds (a slot or a block).</summary>
    public virtual void ReleaseHeld()
    {
    }

    public virtual void Dispose()
    {
    }

    protected static ushort HostOrder(ushort networkOrder) => (ushort)((networkOrder >> 8) | (networkOrder << 8));
}
