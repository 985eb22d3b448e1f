using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Watch;

/// <summary>
/// `netdrop watch --source bpf` end to end: the drop kinds the demo causes (UDP to a closed port, an nft
/// drop rule, frames for another host's MAC address), sent across a veth pair of the test's own, reach
/// --json with every field exact and agree with the tracepoint source watching the same drops; a
/// SIGKILLed watch leaves no program or map; and without CAP_BPF auto says so and falls back.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class BpfWatchCommandTests
{
    private const string SenderVeth = "ndclia";
    private const string ReceiverVeth = "ndclib";
    private const string SenderAddress = "10.231.0.1";
    private const string ReceiverAddress = "10.231.0.2";

    // Routed out of the veth to a MAC the receiver does not have: the receiver drops it as OTHERHOST.
    private const string StrangerAddress = "10.231.0.3";
    private const string StrangerMac = "02:00:00:a7:31:03";
    private const int PerKind = 7;
    private const uint Mark = 0x2a;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [LiveKernelFact]
    public void Each_drop_kind_across_a_veth_has_every_field_exact_and_agrees_with_the_tracepoint()
    {
        using var sender = new NetworkNamespace();
        using var receiver = new NetworkNamespace();
        ConnectVeth(sender, receiver);
        receiver.Exec("nft", "add table inet ndcli");
        receiver.Exec("nft", "add chain inet ndcli pre { type filter hook prerouting priority 0 ; }");
        receiver.Exec("nft", "add rule inet ndcli pre meta mark set 0x2a");
        receiver.Exec("nft", "add chain inet ndcli in { type filter hook input priority 0 ; }");
        receiver.Exec("nft", "add rule inet ndcli in udp dport 7 drop");
        int receiverIndex = int.Parse(receiver.Exec("cat", $"/sys/class/net/{ReceiverVeth}/ifindex").Trim(), CultureInfo.InvariantCulture);
        uint receiverInode = uint.Parse(Command.Run("stat", "-L", "-c", "%i", "/var/run/netns/" + receiver.Name).Trim(), CultureInfo.InvariantCulture);

        using var closedPort = new BurstSender(sender, ReceiverAddress, 9);
        using var filtered = new BurstSender(sender, ReceiverAddress, 7);
        using var otherHost = new BurstSender(sender, StrangerAddress, 9);
        // skb->len when freed counts from skb->data: UDP frees the datagram at its UDP header ("drop-N\n"
        // behind 8 bytes); the input hook and ip_rcv_core still have the IPv4 header (20 more).
        var kinds = new (BurstSender Sender, string Reason, string Function, string Destination, uint Mark, int Length)[]
        {
            (closedPort, "NO_SOCKET", "__udp4_lib_rcv", ReceiverAddress, Mark, 8 + 7),
            (filtered, "NETFILTER_DROP", "nft_do_chain", ReceiverAddress, Mark, 20 + 8 + 7),

            // Dropped in ip_rcv_core, before the prerouting hook that sets the mark.
            (otherHost, "OTHERHOST", "ip_rcv_core", StrangerAddress, 0, 20 + 8 + 7),
        };

        // The BPF source sees every drop on the machine: the filter keeps the receiver's namespace's. (Until
        // the program filters in the kernel, a machine flooded with others' drops can fill its ring: the
        // --duration bound then ends the run with the loss in its totals, which the failure shows.)
        using NetdropProcess bpf = NetdropProcess.Start("watch", "--source", "bpf", "--json",
            "--filter", $"netns == {receiverInode} && src == {SenderAddress}", "--count", (3 * PerKind).ToString(CultureInfo.InvariantCulture),
            "--duration", "30");
        string pids = string.Join(" || ", kinds.Select(k => "common_pid == " + k.Sender.Pid.ToString(CultureInfo.InvariantCulture)));
        using NetdropProcess tracepoint = NetdropProcess.Start("watch", "--source", "tracepoint", "--json", "--kernel-filter", pids,
            "--count", (3 * PerKind).ToString(CultureInfo.InvariantCulture));
        bpf.WaitUntilWatching();
        tracepoint.WaitUntilWatching();
        Assert.Contains("Source: NetDrop's BPF program on the skb:kfree_skb tracepoint, as asked, 128 bytes per packet", bpf.Stderr);
        foreach (var kind in kinds)
        {
            kind.Sender.Send(PerKind);
        }

        Assert.True(bpf.WaitForExit(Deadline) == 0, bpf.Transcript);
        Assert.True(tracepoint.WaitForExit(Deadline) == 0, tracepoint.Transcript);
        JsonElement[] seen = Drops(bpf.Stdout);
        JsonElement[] traced = Drops(tracepoint.Stdout);
        Assert.Equal(3 * PerKind, seen.Length);
        Assert.Equal(3 * PerKind, traced.Length);
        foreach (var kind in kinds)
        {
            JsonElement[] drops = seen.Where(d => d.GetProperty("reason").GetString() == kind.Reason).ToArray();
            Assert.True(drops.Length == PerKind, $"{kind.Reason}: {drops.Length} of {PerKind}\n{bpf.Transcript}");
            foreach (JsonElement drop in drops)
            {
                Assert.Equal("bpf", drop.GetProperty("source").GetString());
                Assert.Equal(kind.Function, drop.GetProperty("function").GetString());
                Assert.Equal(ReceiverVeth, drop.GetProperty("iface").GetString());
                Assert.Equal(receiverIndex, drop.GetProperty("ifindex").GetInt32());
                Assert.Equal(receiverInode, drop.GetProperty("netns").GetUInt32());
                Assert.Equal(kind.Sender.Pid, drop.GetProperty("pid").GetInt32());
                Assert.Equal(kind.Sender.Pid, drop.GetProperty("tid").GetInt32());
                Assert.Equal("bash", drop.GetProperty("comm").GetString());
                Assert.Equal(kind.Mark, drop.GetProperty("mark").GetUInt32());
                Assert.Equal("0x0800", drop.GetProperty("protocol").GetString());
                Assert.Equal(SenderAddress, drop.GetProperty("src").GetString());
                Assert.Equal(kind.Destination, drop.GetProperty("dst").GetString());
                Assert.Equal("udp", drop.GetProperty("proto").GetString());
                Assert.Equal(kind == kinds[1] ? 7 : 9, drop.GetProperty("dport").GetInt32());
                Assert.InRange(drop.GetProperty("sport").GetInt32(), 1024, 65535);
                Assert.InRange(drop.GetProperty("cpu").GetInt32(), 0, Environment.ProcessorCount - 1);
                Assert.Equal(kind.Length, drop.GetProperty("len").GetInt32());
            }

            // The tracepoint: the same reason, function and count, from the same sender.
            JsonElement[] same = traced.Where(d => d.GetProperty("reason").GetString() == kind.Reason).ToArray();
            Assert.Equal(PerKind, same.Length);
            Assert.All(same, d =>
            {
                Assert.Equal(kind.Function, d.GetProperty("function").GetString());
                Assert.Equal(kind.Sender.Pid, d.GetProperty("pid").GetInt32());
                Assert.Equal("bash", d.GetProperty("comm").GetString());
            });
            Assert.Equal(drops.Select(d => d.GetProperty("symbol").GetString()).Distinct(), same.Select(d => d.GetProperty("symbol").GetString()).Distinct());
        }

        // It saw every drop on the machine, others' too; the filter kept exactly these.
        Assert.Contains(bpf.Stderr, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^Drops seen: \d+ from BPF on skb:kfree_skb; matched the filter: {3 * PerKind}\.$"));
    }

    [LiveKernelFact]
    public void Write_from_the_bpf_source_saves_the_packets_so_tshark_decodes_the_flow()
    {
        string directory = Directory.CreateTempSubdirectory("netdrop-bpf-write-").FullName;
        try
        {
            string path = Path.Combine(directory, "drops.pcapng");
            using var sender = new NetworkNamespace();
            using var receiver = new NetworkNamespace();
            ConnectVeth(sender, receiver);
            uint receiverInode = uint.Parse(Command.Run("stat", "-L", "-c", "%i", "/var/run/netns/" + receiver.Name).Trim(), CultureInfo.InvariantCulture);
            using var closedPort = new BurstSender(sender, ReceiverAddress, 9);
            using (NetdropProcess watch = NetdropProcess.Start("watch", "--source", "bpf", "--mode", "packet", "--filter", $"netns == {receiverInode} && src == {SenderAddress}",
                "--count", "5", "--duration", "30", "--write", path))
            {
                watch.WaitUntilWatching();
                closedPort.Send(5);
                Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
                Assert.Contains("Wrote 5 drops to " + path + ".", watch.Stderr);
            }

            // The bytes from the MAC header, as Ethernet frames, whatever reads them.
            using (var reader = NetDrop.CaptureFiles.CaptureFileReader.Open(path))
            {
                int frames = 0;
                while (reader.TryReadNext(out NetDrop.CaptureFiles.CapturedRecord record))
                {
                    frames++;
                    Assert.Equal(NetDrop.CaptureFiles.LinkTypes.Ethernet, record.LinkType);
                    Assert.Equal(14 + 20 + 8 + 7, record.Data.Length);
                }

                Assert.Equal(5, frames);
            }

            if (!File.Exists(NetDrop.Tests.Capture.Tshark.Path))
            {
                return; // as WatchWriteTests: the decoding check needs tshark (apt-get install tshark)
            }

            Assert.Empty(NetDrop.Tests.Capture.Tshark.Problems(path));
            List<string[]> rows = NetDrop.Tests.Capture.Tshark.Fields(path, "ip.src", "ip.dst", "udp.dstport", "frame.comment");
            Assert.Equal(5, rows.Count);
            Assert.All(rows, row =>
            {
                Assert.Equal([SenderAddress, ReceiverAddress, "9"], row[..3]);
                Assert.Contains($"; interface {ReceiverVeth} (ifindex ", row[3], StringComparison.Ordinal);
                Assert.Contains($"; network namespace {receiverInode}; mark 0x0; process {closedPort.Pid} (bash); CPU ", row[3], StringComparison.Ordinal);
                Assert.EndsWith("; seen by NetDrop's BPF program on skb:kfree_skb", row[3], StringComparison.Ordinal);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LiveKernelFact]
    public void A_bpf_watch_killed_with_sigkill_leaves_no_program_and_no_map()
    {
        List<(string Kind, uint Id)> objects;
        using (NetdropProcess killed = NetdropProcess.Start("watch", "--source", "bpf", "--json", "--filter", "pid == 1"))
        {
            killed.WaitUntilWatching();
            objects = BpfObjectsOf(killed.Pid);
            Assert.Contains(objects, o => o.Kind == "prog");
            Assert.Equal(2, objects.Count(o => o.Kind == "map"));
            foreach ((string kind, uint id) in objects)
            {
                Assert.True(Shown(kind, id), $"bpftool shows {kind} {id} while the watch runs");
            }

            killed.Signal("KILL");
            killed.WaitForExit(TimeSpan.FromSeconds(20));
        }

        // Freed after an RCU grace period, not at the moment the descriptors close: up to 5 s.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (objects.Any(o => Shown(o.Kind, o.Id)) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(50);
        }

        Assert.All(objects, o => Assert.False(Shown(o.Kind, o.Id), $"{o.Kind} {o.Id} outlived the SIGKILLed watch"));
    }

    [LiveKernelFact]
    public void Without_cap_bpf_auto_says_so_in_one_line_and_falls_back()
    {
        NetDrop.Tests.Faults.CapabilityTests.MountTracefs();
        (int exit, NetdropProcess watch) = NetdropProcess.RunWithCapabilities(Deadline, "dac_override", "watch", "--duration", "1");
        using (watch)
        {
            Assert.True(exit == 0, watch.Transcript);
            string source = Assert.Single(watch.Stderr.Concat(watch.Stdout), l => l.StartsWith("Source: ", StringComparison.Ordinal));
            Assert.StartsWith("Source: the skb:kfree_skb tracepoint, because NET_DM cannot be used: ", source);
            Assert.EndsWith("; not NetDrop's BPF program: it needs CAP_BPF and CAP_PERFMON (or root): run as root or grant them (setcap cap_bpf,cap_perfmon+ep)", source);
        }

        (int bpfExit, NetdropProcess asked) = NetdropProcess.RunWithCapabilities(Deadline, "dac_override", "watch", "--source", "bpf", "--duration", "1");
        using (asked)
        {
            Assert.True(bpfExit == 1, asked.Transcript);
            string message = Assert.Single(asked.Stderr);
            Assert.StartsWith("netdrop watch: NetDrop's BPF program cannot be used: ", message);
            Assert.Contains("it needs CAP_BPF and CAP_PERFMON (or root)", message);
            Assert.EndsWith("(--source auto falls back to NET_DM or the skb:kfree_skb tracepoint)", message);
        }
    }

    /// <summary>The BPF programs and maps a process holds, by the ids its descriptors' fdinfo gives.</summary>
    private static List<(string Kind, uint Id)> BpfObjectsOf(int pid)
    {
        var objects = new List<(string, uint)>();
        foreach (string info in Directory.GetFiles($"/proc/{pid}/fdinfo"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(info);
            }
            catch (IOException)
            {
                continue; // closed meanwhile
            }

            foreach (string line in lines)
            {
                if (line.StartsWith("prog_id:", StringComparison.Ordinal))
                {
                    objects.Add(("prog", uint.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture)));
                }
                else if (line.StartsWith("map_id:", StringComparison.Ordinal))
                {
                    objects.Add(("map", uint.Parse(line.AsSpan(7).Trim(), CultureInfo.InvariantCulture)));
                }
            }
        }

        return objects.Distinct().ToList();
    }

    /// <summary>Whether bpftool still finds the object.</summary>
    private static bool Shown(string kind, uint id)
    {
        try
        {
            Command.Run("bpftool", kind, "show", "id", id.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("No such file or directory", StringComparison.Ordinal) || e.Message.Contains("can't get", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private static void ConnectVeth(NetworkNamespace sender, NetworkNamespace receiver)
    {
        sender.Exec("ip", "link", "add", SenderVeth, "type", "veth", "peer", "name", ReceiverVeth, "netns", receiver.Name);
        sender.Exec("ip", "addr", "add", SenderAddress + "/24", "dev", SenderVeth);
        sender.Exec("ip", "link", "set", SenderVeth, "up");
        receiver.Exec("ip", "addr", "add", ReceiverAddress + "/24", "dev", ReceiverVeth);
        receiver.Exec("ip", "link", "set", ReceiverVeth, "up");
        string mac = receiver.Exec("cat", $"/sys/class/net/{ReceiverVeth}/address").Trim();

        // No ARP round trip: each datagram leaves at once, to the receiver's MAC or a stranger's.
        sender.Exec("ip", "neigh", "add", ReceiverAddress, "lladdr", mac, "dev", SenderVeth, "nud", "permanent");
        sender.Exec("ip", "neigh", "add", StrangerAddress, "lladdr", StrangerMac, "dev", SenderVeth, "nud", "permanent");
    }

    /// <summary>The drop records of a --json stream (its loss records left out).</summary>
    private static JsonElement[] Drops(IEnumerable<string> lines) =>
        lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() == "drop").ToArray();
}
