using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.NetDm;
using NetDrop.Netlink;
using NetDrop.Tracing;

namespace NetDrop.Fuzz.Targets;

/// <summary>Real drops for the filter to match: every packet alert in the shipped NET_DM captures, and the records of the shipped tracefs page.</summary>
internal static class SampleDrops
{
    public static IReadOnlyList<DropEvent> All { get; } = Load();

    private static List<DropEvent> Load()
    {
        var drops = new List<DropEvent>();
        foreach (string capture in new[] { "netdm-packet.pcap", "netdm-packet-swhw.pcap" })
        {
            using CaptureFileReader reader = CaptureFileReader.Open(Path.Combine(AppContext.BaseDirectory, "testdata", "net_dm", capture));
            var decoder = new NetDmAlertDecoder(NetDmAlertTarget.FamilyId);
            while (reader.TryReadNext(out CapturedRecord record))
            {
                if (NetlinkCookedHeader.TryParse(record.Data, out _, out ReadOnlySpan<byte> payload))
                {
                    var collector = new EventCollector(drops);
                    decoder.Decode(payload, ref collector);
                }
            }
        }

        var checker = new KfreeSkbChecker(TracefsVectors.Reasons, drops);
        KfreeSkbSource.ReadPage(TracefsVectors.Page, 1, TracefsVectors.PageLayout, TracefsVectors.Layout, ref checker, out _);
        return drops;
    }

    private readonly struct EventCollector : INetDmAlertHandler
    {
        private readonly List<DropEvent> _drops;

        public EventCollector(List<DropEvent> drops) => _drops = drops;

        public void OnPacketAlert(in NetDmPacketAlert alert) => _drops.Add(NetDmEvents.ToDropEvent(alert));

        public void OnSummaryAlert(in NetDmSummaryAlert alert)
        {
        }
    }
}
