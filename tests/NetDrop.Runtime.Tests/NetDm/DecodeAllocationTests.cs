using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.CaptureFiles;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// Decoding alerts is the hot path of a live monitor: it must not allocate. The frames are copied into
/// arrays before measuring, and a first pass compiles everything on the path.
/// </summary>
public class DecodeAllocationTests
{
    private const int Passes = 10_000;

    private static long s_sink;

    [Fact]
    public void Decoding_and_reading_packet_alerts_allocates_nothing()
    {
        (byte[][] frames, ushort familyId) = Frames(NetDmCommand.PacketAlert, "netdm-packet", "netdm-packet-swhw");
        var decoder = new NetDmTrafficDecoder(familyId);

        Assert.True(frames.Length >= 10);
        Assert.Equal(frames.Length, DecodePacketAlerts(decoder, frames));

        long before = GC.GetAllocatedBytesForCurrentThread();
        int alerts = 0;
        for (int pass = 0; pass < Passes; pass++)
        {
            alerts += DecodePacketAlerts(decoder, frames);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(frames.Length * Passes, alerts);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Decoding_and_reading_summary_alerts_allocates_nothing()
    {
        (byte[][] frames, ushort familyId) = Frames(NetDmCommand.Alert, "netdm-summary");
        var decoder = new NetDmTrafficDecoder(familyId);

        Assert.NotEmpty(frames);
        Assert.Equal(frames.Length, DecodeSummaryAlerts(decoder, frames));

        long before = GC.GetAllocatedBytesForCurrentThread();
        int alerts = 0;
        for (int pass = 0; pass < Passes; pass++)
        {
            alerts += DecodeSummaryAlerts(decoder, frames);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(frames.Length * Passes, alerts);
        Assert.Equal(0, allocated);
    }

    /// <summary>Reads every property of every alert; returns how many decoded cleanly.</summary>
    private static int DecodePacketAlerts(NetDmTrafficDecoder decoder, byte[][] frames)
    {
        int alerts = 0;
        long checksum = 0;
        foreach (byte[] frame in frames)
        {
            NetlinkCookedHeader.TryParse(frame, out _, out ReadOnlySpan<byte> bytes);
            var messages = new NetlinkMessageReader(bytes);
            while (messages.TryReadNext(out NetlinkMessage message))
            {
                TrafficMessage decoded = decoder.Decode(message, NetlinkCookedHeader.Size);
                if (decoded.Kind != TrafficMessageKind.NetDmMessage || decoded.Command != NetDmCommand.PacketAlert || decoded.NetDm.Error.IsError)
                {
                    continue;
                }

                var alert = new NetDmPacketAlert(decoded.NetDm);
                checksum += (long)alert.Origin;
                checksum += (long)(alert.ProgramCounter ?? 0);
                checksum += alert.SymbolUtf8.Length;
                checksum += alert.ReasonUtf8.Length;
                checksum += alert.Reason is { } reason ? (long)reason : -1;
                checksum += alert.InputIfIndex ?? 0;
                checksum += alert.InputNameUtf8.Length;
                checksum += (long)(alert.TimestampNanoseconds ?? 0);
                checksum += alert.Protocol ?? 0;
                checksum += alert.OriginalLength ?? 0;
                checksum += alert.Payload.Length;
                checksum += alert.HardwareTrapGroupUtf8.Length + alert.HardwareTrapUtf8.Length;
                checksum += alert.Attributes.UnknownCount;
                if (alert.Reason is not null && alert.InputIfIndex is not null && !alert.Payload.IsEmpty)
                {
                    alerts++;
                }
            }
        }

        // A static field keeps the work observable without boxing.
        s_sink += checksum;
        return alerts;
    }

    private static int DecodeSummaryAlerts(NetDmTrafficDecoder decoder, byte[][] frames)
    {
        int alerts = 0;
        long checksum = 0;
        foreach (byte[] frame in frames)
        {
            NetlinkCookedHeader.TryParse(frame, out _, out ReadOnlySpan<byte> bytes);
            var messages = new NetlinkMessageReader(bytes);
            while (messages.TryReadNext(out NetlinkMessage message))
            {
                TrafficMessage decoded = decoder.Decode(message, NetlinkCookedHeader.Size);
                if (decoded.Command != NetDmCommand.Alert)
                {
                    continue;
                }

                // problem stays null on good input: any string there would be an allocation.
                if (!NetDmSummaryAlert.TryParse(decoded.NetDm, out NetDmSummaryAlert alert, out string? problem) || problem is not null)
                {
                    continue;
                }

                checksum += alert.DeclaredEntries;
                for (int i = 0; i < alert.Count; i++)
                {
                    NetDmDropPoint point = alert[i];
                    checksum += (long)point.ProgramCounter + point.Count;
                }

                alerts++;
            }
        }

        s_sink += checksum;
        return alerts;
    }

    /// <summary>The frames holding one NET_DM command from the kernel, copied out, and NET_DM's family id.</summary>
    private static (byte[][] Frames, ushort FamilyId) Frames(NetDmCommand command, params string[] captures)
    {
        var frames = new List<byte[]>();
        ushort? familyId = null;
        foreach (string name in captures)
        {
            CapturedNetDm capture = CapturedNetDm.Read(name);
            familyId ??= capture.FamilyId;
            Assert.Equal(familyId, capture.FamilyId);
            HashSet<int> wanted = capture.Messages.Where(m => m.Is(command, request: false)).Select(m => m.Frame).ToHashSet();
            frames.AddRange(capture.Frames.Where(f => wanted.Contains(f.FrameNumber)).Select(f => f.Data));
        }

        return (frames.ToArray(), familyId ?? throw new InvalidOperationException("no family id learned"));
    }
}
