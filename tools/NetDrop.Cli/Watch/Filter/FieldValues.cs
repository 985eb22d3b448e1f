using System;
using NetDrop.Frames;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// A field's value in one drop, or that the drop does not have it (the tracepoint has no payload and
/// no interface; a packet without ports has no sport). A test on a missing field is false.
/// </summary>
internal static class FieldValues
{
    public static bool TryGetNumber(FilterField field, in WatchedDrop drop, out long value)
    {
        DropEvent e = drop.Event;
        FrameSummary frame = drop.Frame;
        (bool has, value) = field switch
        {
            FilterField.Subsystem => (true, e.Subsystem),
            FilterField.IfIndex => (e.InterfaceIndex.HasValue, e.InterfaceIndex ?? 0),
            FilterField.Proto => (frame.HasIpProtocol, frame.IpProtocol),
            FilterField.EtherType => (true, frame.EtherType),
            FilterField.SrcPort => (frame.HasPorts, frame.SourcePort),
            FilterField.DstPort => (frame.HasPorts, frame.DestinationPort),
            FilterField.Vlan => (frame.VlanCount > 0, frame.Vlan),
            FilterField.Netns => (e.NetnsInode.HasValue, e.NetnsInode ?? 0),
            FilterField.Mark => (e.Mark.HasValue, e.Mark ?? 0),
            _ => (false, 0L),
        };
        return has;
    }

    /// <summary>A text field's value; false when the drop does not have it.</summary>
    public static bool TryGetText(FilterField field, in WatchedDrop drop, out ReadOnlySpan<char> value)
    {
        DropEvent e = drop.Event;
        value = field switch
        {
            FilterField.Reason => e.ReasonName,
            FilterField.Symbol => drop.Function,
            FilterField.Iface => e.InterfaceName,
            FilterField.Source => SourceName(e.Source),
            _ => default,
        };
        return !value.IsEmpty;
    }

    /// <summary>How the filter and the JSON output name a source.</summary>
    public static string SourceName(DropSource source) => source == DropSource.NetDm ? "netdm" : "tracepoint";
}
