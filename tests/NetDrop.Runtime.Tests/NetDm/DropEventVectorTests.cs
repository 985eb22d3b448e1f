using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Netlink;
using NetDrop.NetDm;

namespace NetDrop.Tests.NetDm;

/// <summary>The real captures' packet alerts as <see cref="DropEvent"/>s, against what dropwatch printed for the same drops.</summary>
public class DropEventVectorTests
{
    [Theory]
    [InlineData("netdm-packet")]
    [InlineData("netdm-packet-swhw")]
    public void Packet_alerts_become_drop_events_with_what_dropwatch_printed(string name)
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read(name);
        var decoder = new NetDmTrafficDecoder(familyId);
        var events = new List<DropEvent>();
        foreach (byte[] datagram in datagrams)
        {
            var messages = new NetlinkMessageReader(datagram);
            while (messages.TryReadNext(out NetlinkMessage message))
            {
                TrafficMessage decoded = decoder.Decode(message);
                if (decoded.Kind == TrafficMessageKind.NetDmMessage && decoded.Command == NetDmCommand.PacketAlert)
                {
                    events.Add(NetDmEvents.ToDropEvent(new NetDmPacketAlert(decoded.NetDm)));
                }
            }
        }

        List<DropwatchPacketDrop> printed = DropwatchLog.Load(name).PacketDrops.ToList();
        Assert.NotEmpty(events);
        Assert.Equal(printed.Count, events.Count);
        for (int i = 0; i < events.Count; i++)
        {
            DropEvent drop = events[i];
            DropwatchPacketDrop expected = printed[i];
            Assert.Equal(expected.ProgramCounter, drop.Location);
            Assert.Equal(expected.Reason, drop.ReasonName);
            Assert.Equal(expected.InputIfIndex is { } index ? (int)index : null, drop.InterfaceIndex);
            Assert.Equal(expected.OriginalLength is { } length ? (int)length : null, drop.OriginalLength);
            Assert.Equal(expected.Length, drop.Payload.Length);
            Assert.Equal(expected.Origin == "hardware", drop.IsHardwareDrop);

            // These drops came from the software path on lo: no trap, and the kernel sent no port name.
            Assert.Null(drop.HardwareTrap);
            Assert.Null(drop.InterfaceName);
        }
    }
}
