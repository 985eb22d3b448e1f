using System;
using System.CommandLine;
using System.IO;

namespace NetDrop.Cli.Read;

/// <summary>netdrop read: its options, help and what it runs.</summary>
internal static class ReadCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A .pcapng written by netdrop (capture, watch --write), or a .pcap or .pcapng of netlink traffic recorded on an nlmon device." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per frame or message (JSON Lines) instead of text." };
        var familyId = new Option<ushort?>("--family-id") { Description = "NET_DM's family id, for captures that begin after the family lookup." };
        var kallsyms = new Option<string?>("--kallsyms") { Description = "A kallsyms file from the captured machine's boot, to name the PCs of summary alerts." };
        var kernelAddresses = new Option<bool>("--kernel-addresses")
        {
            Description = "Also print the raw kernel addresses of NET_DM alerts (pc). Off by default: an address gives away where the kernel was loaded (KASLR); the symbol is printed when the alert or --kallsyms names one.",
        };
        var command = new Command("read", """
            Print a capture file. For packets (what netdrop capture and netdrop watch --write save): one line
            per frame with its time, interface, length, a summary of its headers, the frames lost before it
            and its comment (a dropped packet's reason), then the interface statistics and the gap totals.
            For netlink traffic recorded on an nlmon device: the NET_DM messages (family lookup,
            configuration, start/stop, packet and summary alerts, statistics, acks and errors), one per line.

            Examples:
              netdrop read drops.pcapng
              netdrop read --json capture.pcapng | jq 'select(.lost_before > 0)'
              netdrop read testdata/net_dm/netdm-packet.pcap
              netdrop read --json drops.pcap | jq 'select(.command == "PACKET_ALERT") | .reason'
              netdrop read --kallsyms kallsyms.txt testdata/net_dm/netdm-summary.pcap
              netdrop read --kernel-addresses testdata/net_dm/netdm-summary.pcap
            """)
        {
            file, json, familyId, kallsyms, kernelAddresses,
        };

        command.SetAction(parse =>
        {
            var options = new ReadOptions(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(familyId), parse.GetValue(kallsyms), parse.GetValue(kernelAddresses));
            using Stream output = Console.OpenStandardOutput();
            return ReadRunner.Run(options, output, Console.Error);
        });
        return command;
    }
}
