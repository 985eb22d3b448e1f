using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.NetDm;
using NetDrop.Netlink;
using NetDrop.Tests.Capture;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// A real capture decoded the way a reader of it would: CaptureFileReader, the cooked header,
/// NetlinkMessageReader, then one NetDmTrafficDecoder that learns NET_DM's family id from the traffic.
/// </summary>
internal sealed class CapturedNetDm
{
    private CapturedNetDm(List<CapturedFrame> frames, List<NetDmMessageSnapshot> messages, ushort? familyId)
    {
        Frames = frames;
        Messages = messages;
        FamilyId = familyId;
    }

    public List<CapturedFrame> Frames { get; }

    public List<NetDmMessageSnapshot> Messages { get; }

    /// <summary>What the decoder learned from the controller's reply.</summary>
    public ushort? FamilyId { get; }

    public IEnumerable<NetDmMessageSnapshot> PacketAlerts => Messages.Where(m => m.Is(NetDmCommand.PacketAlert, request: false));

    public static CapturedNetDm Read(string captureName)
    {
        using CaptureFileReader reader = CaptureFileReader.Open(TestCaptures.PcapPath(captureName));
        List<CapturedFrame> frames = TestCaptures.ReadAll(reader);
        if (reader.Error is not null)
        {
            throw new InvalidDataException(reader.Error.Message);
        }

        var decoder = new NetDmTrafficDecoder();
        var messages = new List<NetDmMessageSnapshot>();
        foreach (CapturedFrame frame in frames)
        {
            if (!NetlinkCookedHeader.TryParse(frame.Data, out _, out ReadOnlySpan<byte> payload))
            {
                throw new InvalidDataException($"frame {frame.FrameNumber} has no cooked header");
            }

            var walk = new NetlinkMessageReader(payload);
            while (walk.TryReadNext(out NetlinkMessage message))
            {
                messages.Add(Snapshot(frame.FrameNumber, decoder.Decode(message, NetlinkCookedHeader.Size)));
            }

            if (walk.Error.IsError)
            {
                throw new InvalidDataException($"frame {frame.FrameNumber}: {walk.Error}");
            }
        }

        return new CapturedNetDm(frames, messages, decoder.NetDmFamilyId);
    }

    public static NetDmMessageSnapshot Snapshot(int frame, TrafficMessage message)
    {
        NetDmAttributes attributes = message.NetDm;
        bool isNetDm = message.Kind is TrafficMessageKind.NetDmRequest or TrafficMessageKind.NetDmMessage;

        PacketAlertSnapshot? alert = null;
        if (isNetDm && message.Command == NetDmCommand.PacketAlert)
        {
            var view = new NetDmPacketAlert(attributes);
            alert = new PacketAlertSnapshot(
                view.Origin,
                view.ProgramCounter,
                Encoding.UTF8.GetString(view.SymbolUtf8),
                Encoding.UTF8.GetString(view.ReasonUtf8),
                view.Reason,
                view.InputIfIndex,
                Encoding.UTF8.GetString(view.InputNameUtf8),
                view.TimestampNanoseconds,
                view.Protocol,
                view.OriginalLength,
                view.Payload.ToArray());
        }

        NetDmDropPoint[]? points = null;
        uint declared = 0;
        string? summaryProblem = null;
        if (isNetDm && message.Command == NetDmCommand.Alert)
        {
            if (NetDmSummaryAlert.TryParse(attributes, out NetDmSummaryAlert summary, out summaryProblem))
            {
                points = new NetDmDropPoint[summary.Count];
                for (int i = 0; i < summary.Count; i++)
                {
                    points[i] = summary[i];
                }

                declared = summary.DeclaredEntries;
            }
        }

        return new NetDmMessageSnapshot(
            frame,
            message.Kind,
            message.Command,
            message.IsRequest,
            message.Header.Sequence,
            attributes.Error,
            attributes.UnknownCount,
            isNetDm ? PresentTypes(attributes) : new HashSet<ushort>(),
            NetDmConfig.From(attributes),
            NetDmStats.From(attributes),
            attributes.SwDrops,
            attributes.HwDrops,
            alert,
            points,
            declared,
            summaryProblem);
    }

    /// <summary>The NET_DM_ATTR_* types the view found, by asking each of its Has properties.</summary>
    private static HashSet<ushort> PresentTypes(NetDmAttributes a)
    {
        var types = new HashSet<ushort>();
        void Add(bool present, NetDmAttr type)
        {
            if (present)
            {
                types.Add((ushort)type);
            }
        }

        Add(a.HasUnspec, NetDmAttr.Unspec);
        Add(a.HasAlertMode, NetDmAttr.AlertMode);
        Add(a.HasPc, NetDmAttr.Pc);
        Add(a.HasSymbol, NetDmAttr.Symbol);
        Add(a.HasInPort, NetDmAttr.InPort);
        Add(a.HasTimestamp, NetDmAttr.Timestamp);
        Add(a.HasProto, NetDmAttr.Proto);
        Add(a.HasPayload, NetDmAttr.Payload);
        Add(a.HasTruncLen, NetDmAttr.TruncLen);
        Add(a.HasOrigLen, NetDmAttr.OrigLen);
        Add(a.HasQueueLen, NetDmAttr.QueueLen);
        Add(a.HasStats, NetDmAttr.Stats);
        Add(a.HasHwStats, NetDmAttr.HwStats);
        Add(a.HasOrigin, NetDmAttr.Origin);
        Add(a.HasHwTrapGroupName, NetDmAttr.HwTrapGroupName);
        Add(a.HasHwTrapName, NetDmAttr.HwTrapName);
        Add(a.HasHwEntries, NetDmAttr.HwEntries);
        Add(a.HasHwEntry, NetDmAttr.HwEntry);
        Add(a.HasHwTrapCount, NetDmAttr.HwTrapCount);
        Add(a.SwDrops, NetDmAttr.SwDrops);
        Add(a.HwDrops, NetDmAttr.HwDrops);
        Add(a.HasFlowActionCookie, NetDmAttr.FlowActionCookie);
        Add(a.HasReason, NetDmAttr.Reason);
        return types;
    }
}
