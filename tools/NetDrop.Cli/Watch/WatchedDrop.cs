using System;
using NetDrop.Frames;
using NetDrop.Kernel;

namespace NetDrop.Cli.Watch;

/// <summary>A drop with its payload's headers read once, for the filter and every output to share.</summary>
internal readonly struct WatchedDrop
{
    public WatchedDrop(DropEvent drop)
    {
        Event = drop;
        FrameSummary.TryParse(drop.Payload.Span, drop.Protocol, out FrameSummary frame);
        Frame = frame;
    }

    public DropEvent Event { get; }

    /// <summary>The payload's headers; for the tracepoint (no payload) only <see cref="FrameSummary.EtherType"/>, from skb->protocol.</summary>
    public FrameSummary Frame { get; }

    /// <summary>The kernel function that dropped it ("nft_do_chain" of "nft_do_chain+0x47f/0x5e0 [nf_tables]"); empty when unresolved.</summary>
    public ReadOnlySpan<char> Function => KernelFunction.Name(Event.Symbol);
}
