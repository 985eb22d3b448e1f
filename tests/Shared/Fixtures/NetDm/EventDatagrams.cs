using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.CaptureFiles;
using NetDrop.NetDm;
using NetDrop.Tests.Capture;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// The datagrams NET_DM sent to its events group in a real capture: each nlmon frame is one skb,
/// exactly what a socket joined to the group receives. Requests and replies are left out.
/// </summary>
internal static class EventDatagrams
{
    public static (ushort FamilyId, List<byte[]> Datagrams) Read(string captureName)
    {
        CapturedNetDm capture = CapturedNetDm.Read(captureName);
        ushort familyId = capture.FamilyId ?? throw new InvalidOperationException($"{captureName} does not say NET_DM's family id");
        var alertFrames = capture.Messages
            .Where(m => m.Is(NetDmCommand.PacketAlert, request: false) || m.Is(NetDmCommand.Alert, request: false))
            .Select(m => m.Frame)
            .ToHashSet();
        var datagrams = new List<byte[]>();
        foreach (CapturedFrame frame in capture.Frames.Where(f => alertFrames.Contains(f.FrameNumber)))
        {
            NetlinkCookedHeader.TryParse(frame.Data, out _, out ReadOnlySpan<byte> payload);
            datagrams.Add(payload.ToArray());
        }

        return (familyId, datagrams);
    }
}
