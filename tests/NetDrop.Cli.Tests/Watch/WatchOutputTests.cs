using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetDrop.Cli.Watch;
using Spectre.Console;

namespace NetDrop.Tests.Watch;

/// <summary>
/// What watch prints for drops with payloads, as NET_DM sends them (this machine's kernel has no NET_DM,
/// so the live tests only see tracepoint drops): packet lines, JSON objects, and the rate table.
/// </summary>
public class WatchOutputTests
{
    [Fact]
    public void Packet_lines_give_time_reason_function_interface_and_the_decoded_packet()
    {
        string[] lines = PacketLines(SampleDrops.All);

        Assert.Equal(
            [
                "2026-11-22T01:51:21.661526123Z NO_SOCKET __udp4_lib_rcv lo UDP 127.0.0.1:40000 > 127.0.0.1:53 len 47",
                "2026-11-22T01:51:22.000000000Z NETFILTER_DROP nft_do_chain [nf_tables] - IPv6",
                "2026-11-22T01:51:23.000000000Z hw:l2_drops/ingress_vlan_filter unknown eth0 vlan 100 TCP [2001:db8::1]:1234 > [2001:db8::2]:443",
                "2026-11-22T01:51:24.000000000Z FUTURE_REASON ovs_dp_process_packet veth-a.10 ICMP 10.1.2.3 > 192.168.1.1 type 8 code 0",
            ],
            lines);
    }

    [Fact]
    public void Arp_fragments_and_truncated_packets_say_so()
    {
        DropEvent Drop(byte[] payload, ushort protocol) => SampleDrops.UdpNoSocket with { Payload = payload, Protocol = protocol, OriginalLength = null };
        byte[] udp = Frames.TestFrames.Concat(Frames.TestFrames.Ethernet(0x0800), Frames.TestFrames.IPv4("10.0.0.1", "10.0.0.2", 17, Frames.TestFrames.Udp(1, 2)));

        string[] lines = PacketLines(
        [
            Drop(Frames.TestFrames.Concat(Frames.TestFrames.Ethernet(0x0806), Frames.TestFrames.Arp(1, "10.0.0.1", "10.0.0.2")), 0x0806),
            Drop(Frames.TestFrames.Concat(Frames.TestFrames.Ethernet(0x0800), Frames.TestFrames.IPv4("10.0.0.1", "10.0.0.2", 17, Frames.TestFrames.Udp(1, 2), fragmentOffset: 100)), 0x0800),
            Drop(udp[..36], 0x0800),
            Drop([], 0x88cc),
        ]);

        Assert.EndsWith(" lo ARP request 10.0.0.1 > 10.0.0.2", lines[0]);
        Assert.EndsWith(" lo UDP 10.0.0.1 > 10.0.0.2 fragment", lines[1]);
        Assert.EndsWith(" lo UDP 10.0.0.1 > 10.0.0.2 (truncated)", lines[2]);
        Assert.EndsWith(" lo LLDP", lines[3]);
    }

    [Fact]
    public void Json_objects_carry_the_filter_field_names_and_leave_out_what_a_drop_lacks()
    {
        using var output = new MemoryStream();
        using (var sink = new JsonDropSink(output))
        {
            foreach (DropEvent drop in SampleDrops.All)
            {
                sink.Write(new WatchedDrop(drop));
            }

            sink.Flush();
        }

        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(
            """{"type":"drop","schema":1,"time":"2026-11-22T01:51:21.661526123Z","time_ns":"1795312281661526123","source":"netdm","reason":"NO_SOCKET","subsystem":0,"symbol":"__udp4_lib_rcv+0x9a2/0xc50","function":"__udp4_lib_rcv","ifindex":1,"iface":"lo","protocol":"0x0800","ethertype":"ipv4","orig_len":47,"payload_len":47,"src":"127.0.0.1","dst":"127.0.0.1","proto":"udp","proto_num":17,"sport":40000,"dport":53}""",
            lines[0]);

        JsonElement tracepoint = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("tracepoint", tracepoint.GetProperty("source").GetString());
        Assert.Equal("ipv6", tracepoint.GetProperty("ethertype").GetString());
        Assert.Equal("nft_do_chain", tracepoint.GetProperty("function").GetString());
        Assert.False(tracepoint.TryGetProperty("src", out _));
        Assert.False(tracepoint.TryGetProperty("ifindex", out _));
        Assert.False(tracepoint.TryGetProperty("payload_len", out _));

        JsonElement hardware = JsonDocument.Parse(lines[2]).RootElement;
        Assert.True(hardware.GetProperty("hw").GetBoolean());
        Assert.Equal("l2_drops/ingress_vlan_filter", hardware.GetProperty("trap").GetString());
        Assert.Equal(100, hardware.GetProperty("vlan").GetInt32());
        Assert.Equal("0x8100", hardware.GetProperty("protocol").GetString());
        Assert.Equal("ipv6", hardware.GetProperty("ethertype").GetString());
        Assert.Equal("2001:db8::2", hardware.GetProperty("dst").GetString());
        Assert.Equal(443, hardware.GetProperty("dport").GetInt32());
        Assert.False(hardware.TryGetProperty("reason", out _));
        Assert.False(hardware.TryGetProperty("symbol", out _));

        JsonElement icmp = JsonDocument.Parse(lines[3]).RootElement;
        Assert.Equal(3, icmp.GetProperty("subsystem").GetInt32());
        Assert.Equal("icmp", icmp.GetProperty("proto").GetString());
        Assert.Equal(8, icmp.GetProperty("icmp_type").GetInt32());
        Assert.Equal(0, icmp.GetProperty("icmp_code").GetInt32());
        Assert.False(icmp.TryGetProperty("sport", out _));
    }

    [Fact]
    public void Raw_kernel_addresses_appear_only_when_asked_for()
    {
        DropEvent noSymbol = SampleDrops.UdpNoSocket with { Symbol = null };
        string hidden = Json(new[] { SampleDrops.UdpNoSocket, noSymbol }, kernelAddresses: false);
        string shown = Json(new[] { SampleDrops.UdpNoSocket, noSymbol }, kernelAddresses: true);

        Assert.DoesNotContain("location", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("81a2b3c4", hidden, StringComparison.Ordinal);
        Assert.Contains("\"location\":\"0xffffffff81a2b3c4\"", shown, StringComparison.Ordinal);
        Assert.Contains(" NO_SOCKET unknown lo ", PacketLines([noSymbol])[0], StringComparison.Ordinal);
        Assert.Contains(" NO_SOCKET 0xffffffff81a2b3c4 lo ", PacketLines([noSymbol], kernelAddresses: true)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_strings_reach_packet_lines_and_the_table_escaped_and_json_escaped()
    {
        DropEvent hostile = SampleDrops.UdpNoSocket with
        {
            ReasonName = "R" + Output.HostileStrings.Sequences,
            Symbol = "f" + Output.HostileStrings.Sequences + "+0x1/0x2",
            InterfaceName = "i" + Output.HostileStrings.Sequences,
        };

        string line = PacketLines([hostile])[0];
        var table = new DropRateTable(Stopwatch.StartNew());
        table.Write(new WatchedDrop(hostile));
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 400;
        console.Write(table.Render("caption", border: TableBorder.Simple));
        string json = Json([hostile], kernelAddresses: false);

        Assert.Equal(-1, line.IndexOfAny(Output.HostileStrings.Forbidden));
        Assert.Contains("R" + TerminalText.Escape(Output.HostileStrings.Sequences), line, StringComparison.Ordinal);
        Assert.Equal(-1, text.ToString().IndexOfAny(Output.HostileStrings.Forbidden));
        Assert.Contains("\\x1b]0;pwned", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(-1, json.TrimEnd('\n').IndexOfAny(Output.HostileStrings.Forbidden));
        JsonElement parsed = JsonDocument.Parse(json).RootElement;
        Assert.Equal("i" + Output.HostileStrings.Sequences, parsed.GetProperty("iface").GetString());
        Assert.Equal("R" + Output.HostileStrings.Sequences, parsed.GetProperty("reason").GetString());
    }

    [Fact]
    public void The_table_groups_by_reason_function_and_interface_busiest_first()
    {
        var table = new DropRateTable(Stopwatch.StartNew());
        foreach (DropEvent drop in new[] { SampleDrops.NftIPv6, SampleDrops.UdpNoSocket, SampleDrops.UdpNoSocket, SampleDrops.UdpNoSocket with { Symbol = "__udp4_lib_rcv+0x11" }, SampleDrops.HardwareTcp })
        {
            table.Write(new WatchedDrop(drop));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(new StringWriter()) });
        console.Profile.Width = 160;
        var text = new StringWriter();
        console.Profile.Out = new AnsiConsoleOutput(text);
        console.Write(table.Render("caption", border: TableBorder.Simple));
        string[] rows = text.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

        // Call sites of one function share a row; the busiest row comes first.
        Assert.Equal(5, table.Total);
        Assert.Equal(3, table.RowCount);
        Assert.Matches(@"^NO_SOCKET\s+__udp4_lib_rcv\s+lo\s+3\s", rows[2]);
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^NETFILTER_DROP\s+nft_do_chain \[nf_tables\]\s+-\s+1\s"));
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^-\s+unknown\s+eth0\s+1\s"));
    }

    [Fact]
    public void The_recent_rate_counts_only_the_last_seconds()
    {
        var row = new RateRow("NO_SOCKET", "f", "-");
        for (int i = 0; i < 100; i++)
        {
            row.Add(0.5);
        }

        for (int i = 0; i < 10; i++)
        {
            row.Add(8.5);
        }

        // At 8.5 s the window is seconds 3..8 (5.5 s): the first 100 drops have left it.
        Assert.Equal(10 / 5.5, row.RecentRate(8.5), 6);
        Assert.Equal(0, row.RecentRate(20.0));
        Assert.Equal(110, row.Total);
    }

    [Fact]
    public void A_kernel_stack_is_a_JSON_array_and_indented_lines_under_the_packet_line_escaped()
    {
        DropEvent drop = SampleDrops.UdpNoSocket with { KernelStack = ["sk_skb_reason_drop+0x90", "__udp4_lib_rcv+0x4bc", "evil\u001b[2J+0x1 [mod]"] };

        using JsonDocument json = JsonDocument.Parse(Json([drop], kernelAddresses: false));
        string[] lines = PacketLines([drop, SampleDrops.UdpNoSocket]);

        Assert.Equal(["sk_skb_reason_drop+0x90", "__udp4_lib_rcv+0x4bc", "evil\u001b[2J+0x1 [mod]"], json.RootElement.GetProperty("stack").EnumerateArray().Select(e => e.GetString()));
        Assert.False(JsonDocument.Parse(Json([SampleDrops.UdpNoSocket], kernelAddresses: false)).RootElement.TryGetProperty("stack", out _));
        Assert.Equal(5, lines.Length);
        Assert.Equal("    sk_skb_reason_drop+0x90", lines[1]);
        Assert.Equal("    __udp4_lib_rcv+0x4bc", lines[2]);
        Assert.DoesNotContain('\u001b', lines[3]);
        Assert.StartsWith("    evil", lines[3]);
        Assert.DoesNotContain("    ", lines[4][..4]);
    }

    private static string Json(DropEvent[] drops, bool kernelAddresses)
    {
        using var output = new MemoryStream();
        using (var sink = new JsonDropSink(output, kernelAddresses))
        {
            foreach (DropEvent drop in drops)
            {
                sink.Write(new WatchedDrop(drop));
            }

            sink.Flush();
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static string[] PacketLines(DropEvent[] drops, bool kernelAddresses = false)
    {
        var text = new StringWriter { NewLine = "\n" };
        var sink = new PacketLineSink(text, kernelAddresses);
        foreach (DropEvent drop in drops)
        {
            sink.Write(new WatchedDrop(drop));
        }

        sink.Flush();
        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
