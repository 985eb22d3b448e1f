using System;
using System.Buffers.Binary;
using NetDrop.Cli.Output;
using NetDrop.Cli.Watch;
using NetDrop.Frames;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// A dropped packet's bytes through <see cref="FrameSummary.TryParse"/> and watch's description of it.
/// The first two input bytes are skb->protocol (big-endian), the rest the packet. Whatever the bytes,
/// it must not throw, and what it reports must be consistent.
/// </summary>
internal sealed class FrameSummaryTarget : FuzzTarget
{
    private const int MaxVlanTags = 8;

    public override string Name => "frame";

    public override string Description => "packet payloads (FrameSummary, watch's frame text); 2 bytes of skb->protocol, then the packet";

    public override void Run(ReadOnlySpan<byte> input)
    {
        ushort protocol = input.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(input) : (ushort)0;
        ReadOnlySpan<byte> frame = input.Length >= 2 ? input[2..] : input;
        bool known = FrameSummary.TryParse(frame, protocol, out FrameSummary summary);
        Invariants.That(known || summary.Layers == 0, $"an unknown frame reports layers {summary.Layers}");
        Invariants.That(summary.VlanCount <= MaxVlanTags, $"{summary.VlanCount} VLAN tags");
        Invariants.That(!summary.HasPorts || summary.HasIpProtocol, "ports without a transport protocol");
        Invariants.That(!summary.HasIcmp || summary.HasIpProtocol, "ICMP without a transport protocol");
        Invariants.That((summary.SourceAddress is null) == !summary.HasAddresses, "an address without an address version");
        _ = summary.DestinationAddress;

        var drop = new DropEvent(0, null, null, 0, 0, null, null, protocol, frame.ToArray(), DropSource.NetDm);
        var watched = new WatchedDrop(drop);
        _ = FrameText.Describe(watched.Frame, watched.Event.OriginalLength);
    }
}
