using System;
using System.IO;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Netlink;
using NetDrop.Tracing;

namespace NetDrop.Tests.Tracing;

/// <summary>The same drop, reported by either source, becomes the same DropEvent (but for what only one source knows).</summary>
public sealed class DropEventShapeTests
{
    [Fact]
    public void A_drop_seen_by_the_tracepoint_and_by_net_dm_gives_equal_events()
    {
        TraceEventFormat format = TraceEventFormat.Parse(TracefsVectors.Format);
        KfreeSkbLayout layout = KfreeSkbLayout.From(format);
        KernelDropReasons reasons = KernelDropReasons.From(format);
        KernelSymbols symbols = KernelSymbols.Parse(new StringReader(TracefsVectors.Kallsyms), out _);
        var collector = new EventCollector(reasons, symbols);
        KfreeSkbSource.ReadPage(TracefsVectors.Page, 1, RingBufferPageLayout.Parse(TracefsVectors.HeaderPage), layout, ref collector, out _);
        DropEvent fromTracepoint = collector.First!;

        // The NET_DM alert the kernel would send for the same drop.
        byte[] buffer = new byte[256];
        var writer = new NetlinkWriter(buffer);
        int token = writer.BeginMessage(0x20, NetlinkMessageFlags.None, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, NetDmFamily.Version);
        NetDmAttributeWriter.PutOrigin(ref writer, NetDmOrigin.Sw);
        NetDmAttributeWriter.PutPc(ref writer, fromTracepoint.Location);
        NetDmAttributeWriter.PutReason(ref writer, fromTracepoint.ReasonName!);
        NetDmAttributeWriter.PutSymbol(ref writer, fromTracepoint.Symbol!);
        NetDmAttributeWriter.PutTimestamp(ref writer, (ulong)fromTracepoint.UnixNanoseconds);
        NetDmAttributeWriter.PutProto(ref writer, fromTracepoint.Protocol);
        writer.EndMessage(token);
        var messages = new NetlinkMessageReader(writer.Written);
        Assert.True(messages.TryReadNext(out NetlinkMessage message));
        TrafficMessage decoded = new NetDmTrafficDecoder(0x20).Decode(message);
        DropEvent fromNetDm = NetDmEvents.ToDropEvent(new NetDmPacketAlert(decoded.NetDm));

        Assert.Equal(DropReason.NoSocket, fromTracepoint.Reason);
        // The tracepoint also gives the CPU and thread (common_pid), which NET_DM's alert does not carry.
        Assert.NotNull(fromTracepoint.Cpu);
        Assert.NotNull(fromTracepoint.Tid);
        Assert.Equal(fromTracepoint with { Source = DropSource.NetDm, Payload = fromNetDm.Payload, Cpu = null, Tid = null, Pid = null, Comm = null }, fromNetDm);
    }

    private struct EventCollector : IKfreeSkbHandler
    {
        private readonly KernelDropReasons _reasons;
        private readonly KernelSymbols _symbols;

        public EventCollector(KernelDropReasons reasons, KernelSymbols symbols)
        {
            _reasons = reasons;
            _symbols = symbols;
            First = null;
        }

        public DropEvent? First { get; private set; }

        public void OnDrop(in KfreeSkbRecord record) => First ??= KfreeSkbEvents.ToDropEvent(record, _reasons, 0, _symbols);
    }
}
