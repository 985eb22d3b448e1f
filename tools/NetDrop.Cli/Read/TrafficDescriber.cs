using NetDrop.Netlink.Generic;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetDrop.Interop;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Netlink;
using NetDrop.Netlink.Control;

namespace NetDrop.Cli.Read;

/// <summary>Walks one decoded message of NET_DM traffic and hands its fields to a sink.</summary>
internal static class TrafficDescriber
{
    /// <param name="kernelAddresses">Hand over the alerts' raw kernel addresses (pc); without it the symbols alone.</param>
    public static void Describe(in TrafficMessage message, int frame, long frameTime, ushort? netDmFamilyId, KernelSymbols? symbols, IMessageSink sink, bool kernelAddresses = false)
    {
        bool fromKernel = !message.IsRequest;
        switch (message.Kind)
        {
            case TrafficMessageKind.ControlRequest:
            case TrafficMessageKind.ControlReply:
                sink.BeginMessage(frame, frameTime, fromKernel, "nlctrl", CommandName(message.ControlCommand.ToString(), message.Generic.Command));
                DescribeControl(message.Control, sink);
                break;
            case TrafficMessageKind.NetDmRequest:
            case TrafficMessageKind.NetDmMessage:
                sink.BeginMessage(frame, frameTime, fromKernel, "NET_DM", CommandName(message.Command.ToString(), message.Generic.Command));
                DescribeNetDm(message, symbols, kernelAddresses, sink);
                break;
            case TrafficMessageKind.Ack:
            case TrafficMessageKind.Error:
                sink.BeginMessage(frame, frameTime, fromKernel, "netlink", message.Kind == TrafficMessageKind.Ack ? "ACK" : "ERROR");
                DescribeError(message.Error, netDmFamilyId, sink);
                break;
            case TrafficMessageKind.Done:
                sink.BeginMessage(frame, frameTime, fromKernel, "netlink", "DONE");
                break;
            case TrafficMessageKind.Malformed:
                sink.BeginMessage(frame, frameTime, fromKernel, Family(message.Header.Type, netDmFamilyId), "MALFORMED");
                sink.Problem(message.Problem ?? "malformed");
                break;
            default:
                sink.BeginMessage(frame, frameTime, fromKernel, Family(message.Header.Type, netDmFamilyId), "OTHER");
                // nlmsg_type, not "type": every JSON record's "type" says which kind of record it is (docs/json.md).
                sink.Hex("nlmsg_type", message.Header.Type, 4);
                break;
        }

        sink.Number("seq", message.Header.Sequence);
        sink.Number("port", message.Header.PortId);
        sink.EndMessage();
    }

    private static void DescribeControl(NlctrlCtrlAttributes control, IMessageSink sink)
    {
        if (control.HasFamilyName)
        {
            sink.Text("name", control.FamilyNameUtf8);
        }

        if (control.FamilyId is { } id)
        {
            sink.Hex("id", id, 2);
        }

        if (control.Version is { } version)
        {
            sink.Number("version", version);
        }

        if (control.Maxattr is { } maxattr)
        {
            sink.Number("maxattr", maxattr);
        }

        // Each group becomes a field named after it, so a name seen twice (only a damaged reply has
        // that) is reported instead: a repeated JSON name would leave readers like jq only the last.
        HashSet<string>? groups = null;
        foreach (NlctrlMcastGroupAttributes group in control.McastGroups)
        {
            string name = Encoding.UTF8.GetString(group.NameUtf8);
            if (!(groups ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
            {
                sink.Problem(string.Format(CultureInfo.InvariantCulture, "multicast group \"{0}\" listed again, with id {1}", name, group.Id ?? 0));
                continue;
            }

            sink.Number("mcast_group_" + name, group.Id ?? 0);
        }

        ReportProblems(control.Error, control.UnknownCount, control.FirstUnknownType, sink);
    }

    private static void DescribeNetDm(in TrafficMessage message, KernelSymbols? symbols, bool kernelAddresses, IMessageSink sink)
    {
        NetDmAttributes attributes = message.NetDm;
        switch (message.Command)
        {
            case NetDmCommand.PacketAlert:
                DescribePacketAlert(new NetDmPacketAlert(attributes), kernelAddresses, sink);
                break;
            case NetDmCommand.Alert:
                DescribeSummaryAlert(attributes, symbols, kernelAddresses, sink);
                break;
            case NetDmCommand.Config:
            case NetDmCommand.ConfigNew:
                NetDmConfig config = NetDmConfig.From(attributes);
                if (config.AlertMode is { } mode)
                {
                    sink.Text("alert_mode", mode == NetDmAlertMode.Packet ? "packet" : mode == NetDmAlertMode.Summary ? "summary" : ((int)mode).ToString(CultureInfo.InvariantCulture));
                }

                if (config.TruncationLength is { } trunc)
                {
                    sink.Number("trunc_len", trunc);
                }

                if (config.QueueLength is { } queue)
                {
                    sink.Number("queue_len", queue);
                }

                DescribeDropKinds(attributes, sink);
                break;
            case NetDmCommand.Start:
            case NetDmCommand.Stop:
                DescribeDropKinds(attributes, sink);
                break;
            case NetDmCommand.StatsNew:
                NetDmStats stats = NetDmStats.From(attributes);
                if (stats.SoftwareDropped is { } software)
                {
                    sink.Number("sw_dropped", software);
                }

                if (stats.HardwareDropped is { } hardware)
                {
                    sink.Number("hw_dropped", hardware);
                }

                break;
        }

        ReportProblems(attributes.Error, attributes.UnknownCount, attributes.FirstUnknownType, sink);
    }

    private static void DescribeDropKinds(NetDmAttributes attributes, IMessageSink sink)
    {
        if (attributes.SwDrops)
        {
            sink.Flag("sw_drops");
        }

        if (attributes.HwDrops)
        {
            sink.Flag("hw_drops");
        }
    }

    private static void DescribePacketAlert(NetDmPacketAlert alert, bool kernelAddresses, IMessageSink sink)
    {
        sink.Text("origin", alert.Origin == NetDmOrigin.Hw ? "hardware" : "software");
        if (kernelAddresses && alert.ProgramCounter is { } pc)
        {
            sink.Hex("pc", pc, 16);
        }

        if (!alert.SymbolUtf8.IsEmpty)
        {
            sink.Text("symbol", alert.SymbolUtf8);
        }

        if (!alert.ReasonUtf8.IsEmpty)
        {
            sink.Text("reason", alert.ReasonUtf8);
        }

        if (alert.InputIfIndex is { } ifIndex)
        {
            sink.Number("in_ifindex", ifIndex);
        }

        if (!alert.InputNameUtf8.IsEmpty)
        {
            sink.Text("in_ifname", alert.InputNameUtf8);
        }

        if (alert.TimestampNanoseconds is { } timestamp)
        {
            if (timestamp <= long.MaxValue)
            {
                sink.Time("timestamp", (long)timestamp);
            }
            else
            {
                // Past the year 2262: only a damaged message carries this. Keep the number, flag it.
                sink.Text("timestamp_ns", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                sink.Problem("timestamp is past the year 2262");
            }
        }

        if (alert.Protocol is { } protocol)
        {
            sink.Hex("proto", protocol, 4);
        }

        if (alert.OriginalLength is { } originalLength)
        {
            sink.Number("orig_len", originalLength);
        }

        if (!alert.HardwareTrapGroupUtf8.IsEmpty)
        {
            sink.Text("hw_trap_group", alert.HardwareTrapGroupUtf8);
        }

        if (!alert.HardwareTrapUtf8.IsEmpty)
        {
            sink.Text("hw_trap", alert.HardwareTrapUtf8);
        }

        sink.Bytes("payload", alert.Payload);
    }

    private static void DescribeSummaryAlert(NetDmAttributes attributes, KernelSymbols? symbols, bool kernelAddresses, IMessageSink sink)
    {
        if (!NetDmSummaryAlert.TryParse(attributes, out NetDmSummaryAlert alert, out string? problem))
        {
            sink.Problem(problem!);
            return;
        }

        sink.Number("entries", alert.DeclaredEntries);
        for (int i = 0; i < alert.Count; i++)
        {
            NetDmDropPoint point = alert[i];
            sink.DropPoint(kernelAddresses ? point.ProgramCounter : null, point.Count, symbols?.Format(point.ProgramCounter));
        }

        if (problem is not null)
        {
            sink.Problem(problem);
        }
    }

    private static void DescribeError(NetlinkErrorMessage error, ushort? netDmFamilyId, IMessageSink sink)
    {
        if (!error.IsAck)
        {
            sink.Text("errno", error.Errno.Name());
            sink.Text("error", error.Errno.Description());
        }

        // Name the request being answered: its header is echoed, and its genl command too unless capped.
        string family = Family(error.Request.Type, netDmFamilyId);
        sink.Text("request", family);
        if (GenericNetlinkHeader.TryParse(error.RequestPayload, out GenericNetlinkHeader request, out _))
        {
            string command = family == "NET_DM" ? ((NetDmCommand)request.Command).ToString()
                : family == "nlctrl" ? ((NlctrlCommand)request.Command).ToString()
                : request.Command.ToString(CultureInfo.InvariantCulture);
            sink.Text("request_command", CommandName(command, request.Command));
        }

        sink.Number("request_seq", error.Request.Sequence);
        if (!error.ExtAckMessageUtf8.IsEmpty)
        {
            sink.Text("extack", error.ExtAckMessageUtf8);
        }

        if (error.ExtAckOffset is { } offset)
        {
            sink.Number("extack_offset", offset);
        }

        if (error.MissingAttributeType is { } missing)
        {
            sink.Number("missing_attribute", missing);
        }
    }

    private static void ReportProblems(NetlinkAttributeError error, int unknownCount, ushort firstUnknownType, IMessageSink sink)
    {
        if (unknownCount > 0)
        {
            sink.Problem(string.Format(CultureInfo.InvariantCulture,
                "{0} unknown attribute(s), first of type {1}", unknownCount, firstUnknownType));
        }

        if (error.IsError)
        {
            sink.Problem(error.ToString());
        }
    }

    private static string Family(ushort type, ushort? netDmFamilyId) =>
        type == NetDmTrafficDecoder.ControllerFamilyId ? "nlctrl"
        : type == netDmFamilyId ? "NET_DM"
        : "0x" + type.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>PacketAlert → PACKET_ALERT, the kernel's spelling; a number the enum does not name stays a number.</summary>
    internal static string CommandName(string enumName, byte value)
    {
        if (enumName.Length == 0 || char.IsDigit(enumName[0]))
        {
            return "CMD_" + value.ToString(CultureInfo.InvariantCulture);
        }

        var builder = new StringBuilder(enumName.Length + 4);
        for (int i = 0; i < enumName.Length; i++)
        {
            char c = enumName[i];
            if (i > 0 && char.IsUpper(c))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}
