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

    public long ApproximateGaps => Ledger.ApproximateGaps;

    /// <summary>The next frame, if one is ready; the previous frame's view becomes invalid.</summary>
    public abstract bool TryRead(out PacketFrame frame);

    /// <summary>Frames already handed over that <see cref="TryRead"/> has not delivered yet (the rest of a TPACKET_V3 block).</summary>
    public virtual bool HasUnread => false;

    /// <summary>Hands back to the kernel what the last frame held (its slot, or its block once every frame in it is read).</summary>
    public virtual void ReleaseHeld()
    {
    }

    public virtual void Dispose()
    {
    }

    protected static ushort HostOrder(ushort networkOrder) => (ushort)((networkOrder >> 8) | (networkOrder << 8));
}
