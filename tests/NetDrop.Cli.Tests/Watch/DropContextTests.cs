using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;
using static NetDrop.Tests.Frames.TestFrames;

namespace NetDrop.Tests.Watch;

/// <summary>
/// What the BPF source adds (namespace, task, CPU, mark, length, local port) and the CPU and task the
/// tracepoint gives: in the filter under docs/filter.md's names, in JSON, on packet lines and in
/// --write's comments; and absent, never zero, from the sources that do not report it.
/// </summary>
public class DropContextTests
{
    private static readonly ReasonNames Reasons = new([]);

    private static readonly DropEvent Bpf = SampleDrops.BpfUdp;

    private static readonly DropEvent Tracepoint = SampleDrops.TracepointUdp;

    private static readonly DropEvent[] Drops = [Bpf, Tracepoint, SampleDrops.UdpNoSocket];

    [Theory]
    // Each character is one drop: Bpf, Tracepoint, NET_DM's UdpNoSocket.
    [InlineData("source == bpf", "100")]
    [InlineData("source == BPF", "100")]
    [InlineData("netns == 4026532304", "100")]
    [InlineData("netns != 4026532304", "000")] // only the BPF drop has a namespace: != on a missing field is false
    [InlineData("netns > 0", "100")]
    [InlineData("pid == 4242", "110")]
    [InlineData("tid == 4243", "100")]
    [InlineData("tid in {4242, 4243}", "110")]
    [InlineData("comm == bash", "110")]
    [InlineData("comm == \"BASH\"", "000")] // a task's name is compared as written
    [InlineData("comm contains as", "110")]
    [InlineData("mark == 0x2a", "100")]
    [InlineData("mark == 0", "000")]
    [InlineData("cpu == 0", "010")]
    [InlineData("cpu <= 1", "110")]
    [InlineData("len == 15", "100")]
    [InlineData("lport == 5353", "100")]
    [InlineData("iface == ndbpfb && ifindex == 7 && src == 10.219.0.1 && dport == 9", "100")]
    [InlineData("src in 10.219.0.0/16 && sport == 40000 && proto == udp", "100")]
    public void The_sources_context_is_filterable_by_name(string expression, string expected)
    {
        DropFilter filter = DropFilter.Parse(expression, Reasons);
        string matched = string.Concat(Drops.Select(d => filter.Matches(new WatchedDrop(d)) ? '1' : '0'));
        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("netns == 4294967296", 10, "netns is 0 to 4294967295; 4294967296 is out of range")]
    [InlineData("lport == 70000", 10, "lport is 0 to 65535; 70000 is out of range")]
    [InlineData("pid == bash", 8, "pid takes a number 0 to 2147483647; 'bash' is not one")]
    [InlineData("comm == 12", 9, "comm takes a name; '12' is not one (quote it: \"12\")")]
    public void Out_of_range_or_mistyped_values_are_errors_with_a_column(string expression, int column, string detail)
    {
        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse(expression, Reasons));
        Assert.Equal(column, error.Column);
        Assert.Equal(detail, error.Detail);
    }

    [Fact]
    public void Json_carries_every_field_the_source_gave_and_leaves_out_the_rest()
    {
        using var output = new MemoryStream();
        using (var sink = new JsonDropSink(output))
        {
            foreach (DropEvent drop in Drops)
            {
                sink.Write(new WatchedDrop(drop));
            }

            sink.Flush();
        }

        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            """{"type":"drop","schema":1,"time":"2026-11-22T01:51:25.000000000Z","time_ns":"1795312285000000000","source":"bpf","reason":"NO_SOCKET","subsystem":0,"symbol":"__udp4_lib_rcv+0x4bc","function":"__udp4_lib_rcv","ifindex":7,"iface":"ndbpfb","netns":4026532304,"cpu":1,"pid":4242,"tid":4243,"comm":"bash","mark":42,"len":15,"lport":5353,"protocol":"0x0800","ethertype":"ipv4","payload_len":47,"src":"10.219.0.1","dst":"10.219.0.2","proto":"udp","proto_num":17,"sport":40000,"dport":9}""",
            lines[0]);
        JsonElement tracepoint = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("tracepoint", tracepoint.GetProperty("source").GetString());
        Assert.Equal(0, tracepoint.GetProperty("cpu").GetInt32());
        Assert.Equal(4242, tracepoint.GetProperty("pid").GetInt32());
        Assert.Equal("bash", tracepoint.GetProperty("comm").GetString());
        foreach (string absent in new[] { "netns", "mark", "len", "lport", "ifindex" })
        {
            Assert.False(tracepoint.TryGetProperty(absent, out _), absent);
        }

        JsonElement netDm = JsonDocument.Parse(lines[2]).RootElement;
        foreach (string absent in new[] { "netns", "cpu", "pid", "tid", "comm", "mark", "len", "lport" })
        {
            Assert.False(netDm.TryGetProperty(absent, out _), absent);
        }
    }

    [Fact]
    public void Packet_lines_end_with_the_context_in_the_filters_names()
    {
        var text = new StringWriter { NewLine = "\n" };
        var sink = new PacketLineSink(text);
        foreach (DropEvent drop in Drops)
        {
            sink.Write(new WatchedDrop(drop));
        }

        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2026-11-22T01:51:25.000000000Z NO_SOCKET __udp4_lib_rcv ndbpfb UDP 10.219.0.1:40000 > 10.219.0.2:9 | netns=4026532304 mark=0x2a len=15 lport=5353 cpu=1 pid=4242 tid=4243 comm=bash", lines[0]);

        // The thread is left out when it is the process's main thread.
        Assert.Equal("2026-11-22T01:51:25.000000000Z NO_SOCKET __udp4_lib_rcv - IPv4 | cpu=0 pid=4242 comm=bash", lines[1]);

        // NET_DM knows none of it: no bar.
        Assert.EndsWith(" lo UDP 127.0.0.1:40000 > 127.0.0.1:53 len 47", lines[2]);
    }

    [Fact]
    public void A_hostile_task_name_reaches_neither_the_terminal_nor_the_json_raw()
    {
        DropEvent hostile = Bpf with { Comm = "x\u001b]0;pwned\u0007" };
        var text = new StringWriter();
        new PacketLineSink(text).Write(new WatchedDrop(hostile));
        using var json = new MemoryStream();
        using (var sink = new JsonDropSink(json))
        {
            sink.Write(new WatchedDrop(hostile));
        }

        Assert.Equal(-1, text.ToString().IndexOf('\u001b'));
        Assert.Contains("comm=x\\x1b]0;pwned\\x07", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(-1, Encoding.UTF8.GetString(json.ToArray()).IndexOf('\u001b'));
    }

    [Fact]
    public void A_saved_bpf_drop_keeps_its_bytes_and_says_whose_it_was()
    {
        string directory = Directory.CreateTempSubdirectory("netdrop-context-").FullName;
        try
        {
            string path = Path.Combine(directory, "drops.pcapng");
            using (DropCaptureWriter writer = DropCaptureWriter.Create(path))
            {
                writer.Write(Bpf);
                writer.Write(Tracepoint);
            }

            using CaptureFileReader reader = CaptureFileReader.Open(path);
            var frames = new System.Collections.Generic.List<(int LinkType, string Interface, byte[] Data, string Comment)>();
            while (reader.TryReadNext(out CapturedRecord record))
            {
                frames.Add((record.LinkType, record.Interface.Name!, record.Data.ToArray(), Encoding.UTF8.GetString(record.CommentUtf8)));
            }

            Assert.Null(reader.Error);
            Assert.Equal(2, frames.Count);
            Assert.Equal(LinkTypes.Ethernet, frames[0].LinkType);
            Assert.Equal("ndbpfb", frames[0].Interface);
            Assert.Equal(Bpf.Payload.ToArray(), frames[0].Data);
            AssertComments(frames[0].Comment, frames[1].Comment);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertComments(string first, string second)
    {
        Assert.Equal(
            "NO_SOCKET: no valid socket that can be used.; at __udp4_lib_rcv+0x4bc; software drop; interface ndbpfb (ifindex 7); protocol IPv4 (0x0800); network namespace 4026532304; mark 0x2a; process 4242 thread 4243 (bash); CPU 1; seen by NetDrop's BPF program on skb:kfree_skb",
            first);
        Assert.Equal(
            "NO_SOCKET: no valid socket that can be used.; at __udp4_lib_rcv+0x4bc; software drop; protocol IPv4 (0x0800); process 4242 (bash); CPU 0; no packet bytes: the skb:kfree_skb tracepoint records none (the BPF source does); seen by the skb:kfree_skb tracepoint",
            second);
    }
}
