using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NetDrop.Frames;

namespace NetDrop.KernelLab.Tests;

/// <summary>
/// The same drops seen through NET_DM and through NetDrop's BPF program at once, on a kernel that has both
/// (Debian's 6.1 publishes BTF): each drop agrees field by field.
/// </summary>
public sealed class NetDmBpfAgreementLabTests
{
    private const int Count = 6;

    [KernelLabFact]
    public void NET_DM_and_the_BPF_program_agree_on_every_drop_they_both_see()
    {
        byte[] marker = Loopback.Marker("agreement");
        int port = Loopback.ClosedUdpPort();
        using DropMonitor netDm = DropMonitor.Open(new DropMonitorOptions { Source = DropSourcePreference.NetDm });
        using DropMonitor bpf = DropMonitor.Open(new DropMonitorOptions { Source = DropSourcePreference.Bpf });
        Assert.Equal(DropSource.NetDm, netDm.Source);
        Assert.Equal(DropSource.Bpf, bpf.Source);

        Loopback.SendUdp(port, marker, Count);
        List<DropEvent> fromNetDm = Collect(netDm, marker);
        List<DropEvent> fromBpf = Collect(bpf, marker);

        Assert.Equal(Count, fromNetDm.Count);
        Assert.Equal(Count, fromBpf.Count);
        for (int i = 0; i < Count; i++)
        {
            DropEvent a = fromNetDm[i];
            DropEvent b = fromBpf[i];
            Assert.Equal(DropReason.NoSocket, a.Reason);
            Assert.Equal(a.Reason, b.Reason);
            Assert.Equal(Function(a.Symbol), Function(b.Symbol));
            Assert.StartsWith("__udp4_lib_rcv", Function(a.Symbol));
            Assert.Equal(a.InterfaceIndex, b.InterfaceIndex);
            Assert.Equal(a.Protocol, b.Protocol);
            Assert.True(FrameSummary.TryParse(a.Payload.Span, a.Protocol, out FrameSummary frameA), "NET_DM's payload parses");
            Assert.True(FrameSummary.TryParse(b.Payload.Span, b.Protocol, out FrameSummary frameB), "the BPF record's bytes parse");
            Assert.Equal(frameA.SourceAddress, frameB.SourceAddress);
            Assert.Equal(frameA.DestinationAddress, frameB.DestinationAddress);
            Assert.Equal(frameA.SourcePort, frameB.SourcePort);
            Assert.Equal(port, frameA.DestinationPort);
            Assert.Equal(frameA.DestinationPort, frameB.DestinationPort);

            // NET_DM's original length is the whole frame from the MAC header; skb->len is counted from where
            // UDP freed it (the UDP header), so the two differ by the Ethernet and IPv4 headers.
            Assert.NotNull(a.OriginalLength);
            Assert.NotNull(b.Length);
            Assert.Equal(a.OriginalLength!.Value - 14 - 20, (int)b.Length!.Value);
        }
    }

    private static List<DropEvent> Collect(DropMonitor monitor, byte[] marker)
    {
        var events = new List<DropEvent>();
        var clock = Stopwatch.StartNew();
        while (events.Count(e => Loopback.Contains(e.Payload, marker)) < Count && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            monitor.Wait(TimeSpan.FromMilliseconds(100));
            monitor.ReadAvailable(events);
        }

        return events.Where(e => Loopback.Contains(e.Payload, marker)).OrderBy(e => e.UnixNanoseconds).ToList();
    }

    private static string? Function(string? symbol)
    {
        int plus = symbol?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus > 0 ? symbol![..plus] : symbol;
    }
}
