using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NetDrop.CaptureFiles;
using NetDrop.Tests.Capture;
using NetDrop.Tests.Packet;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Capture;

/// <summary>
/// netdrop capture with a filter in tcpdump's language, checked against tcpdump itself: both capture the
/// same bounded traffic on the same veth at the same time, and keep the same frames, byte for byte.
/// And -i any: frames from two interfaces, each filed under the interface it came in on.
/// </summary>
[Trait("Needs", "live-kernel")]
public sealed class CaptureFilterCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-capture-filter-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelTheory("tcpdump", "libpcap")]
    [InlineData("udp port 53")]
    [InlineData("tcp or (udp and dst port 54 and greater 60)")]
    public void A_filter_keeps_exactly_the_frames_tcpdumps_same_filter_keeps(string expression)
    {
        using var lab = new TwoLinkLab();
        string ours = Path.Combine(_directory, "netdrop.pcapng");
        string theirs = Path.Combine(_directory, "tcpdump.pcap");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", TwoLinkLab.ReceiverInterfaces[0], "-w", ours, expression);
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);
        using Process tcpdump = StartTcpdump(lab.Receiver, TwoLinkLab.ReceiverInterfaces[0], theirs, expression);

        lab.SendMixedTraffic(link: 0);
        Thread.Sleep(500);
        capture.Signal("INT");
        string tcpdumpSays = Stop(tcpdump);

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Assert.Contains($"Filter: {expression} (", string.Join('\n', capture.Stderr), StringComparison.Ordinal);
        List<string> kept = Frames(ours);
        List<string> expected = Frames(theirs);
        Assert.True(expected.Count > 0, "tcpdump kept nothing: " + tcpdumpSays);
        Assert.True(kept.Count < TwoLinkLab.MixedFrames, $"the filter kept all {kept.Count} frames sent");
        Assert.Equal(expected, kept);
    }

    [LiveKernelFact("tshark", "libpcap")]
    public void Any_captures_both_interfaces_and_files_each_frame_under_the_one_it_came_in_on()
    {
        using var lab = new TwoLinkLab();
        string file = Path.Combine(_directory, "any.pcapng");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", "any", "-w", file, "udp", "dst", "portrange", "7001-7002");
        capture.WaitForLine(l => l.StartsWith("Capturing on any ", StringComparison.Ordinal), Deadline);

        lab.SendUdp(link: 0, port: 7001, count: 10);
        lab.SendUdp(link: 1, port: 7002, count: 15);
        Thread.Sleep(500);
        capture.Signal("INT");

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Assert.Contains("Captured 25 frames", string.Join('\n', capture.Stderr), StringComparison.Ordinal);
        Assert.Empty(Tshark.Problems(file));
        List<string[]> rows = Tshark.Fields(file, "frame.interface_name", "sll.ifindex", "ip.dst", "udp.dstport");
        Assert.Equal(25, rows.Count);
        int[] indexes = TwoLinkLab.ReceiverInterfaces.Select(name => lab.InterfaceIndex(name)).ToArray();
        Assert.Equal(10, rows.Count(r => r.SequenceEqual(new[] { TwoLinkLab.ReceiverInterfaces[0], indexes[0].ToString(System.Globalization.CultureInfo.InvariantCulture), TwoLinkLab.Address(0, 2), "7001" })));
        Assert.Equal(15, rows.Count(r => r.SequenceEqual(new[] { TwoLinkLab.ReceiverInterfaces[1], indexes[1].ToString(System.Globalization.CultureInfo.InvariantCulture), TwoLinkLab.Address(1, 2), "7002" })));

        (int exit, NetdropProcess read) = NetdropProcess.Run(Deadline, "read", file);
        using (read)
        {
            Assert.True(exit == 0, read.Transcript);
            Assert.True(10 == read.Stdout.Count(l => l.Contains($" {TwoLinkLab.ReceiverInterfaces[0]} ", StringComparison.Ordinal) && l.Contains($" > {TwoLinkLab.Address(0, 2)}:7001", StringComparison.Ordinal)), read.Transcript);
            Assert.Equal(15, read.Stdout.Count(l => l.Contains($" {TwoLinkLab.ReceiverInterfaces[1]} ", StringComparison.Ordinal) && l.Contains($" > {TwoLinkLab.Address(1, 2)}:7002", StringComparison.Ordinal)));
        }
    }

    [LiveKernelFact("tcpdump", "libpcap")]
    public void Dump_filter_prints_the_program_tcpdump_d_prints()
    {
        foreach (string iface in new[] { "lo", "any" })
        {
            (int exit, NetdropProcess dump) = NetdropProcess.Run(Deadline, "capture", "-i", iface, "--dump-filter", "udp port 53 or icmp");
            using (dump)
            {
                Assert.True(exit == 0, dump.Transcript);
                string tcpdump = NetDrop.Tests.LiveKernel.Command.Run("tcpdump", "-i", iface, "-d", "udp port 53 or icmp");
                Assert.Equal(tcpdump.TrimEnd().Split('\n'), dump.Stdout);
            }
        }
    }

    [LiveKernelFact("libpcap")]
    public void A_filter_libpcap_cannot_compile_is_its_message_and_exit_2_before_any_file()
    {
        string file = Path.Combine(_directory, "bad.pcapng");
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "capture", "-i", "lo", "-w", file, "udp", "prot", "53");
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal("netdrop capture: the filter 'udp prot 53' cannot be used: can't parse filter expression: syntax error", run.Stderr[0]);
            Assert.False(File.Exists(file));
        }
    }

    [LiveKernelFact("unshare")]
    public void Without_libpcap_a_filter_is_one_line_naming_the_package_and_a_capture_without_one_still_runs()
    {
        // A private mount namespace where every libpcap file reads as empty: dlopen fails as on a machine without it.
        string[] libraries = new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib" }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "libpcap.so*"))
            .Where(f => new FileInfo(f).LinkTarget is null)
            .ToArray();
        string hide = string.Concat(libraries.Select(l => $"mount --bind /dev/null '{l}' && ")) + "exec \"$0\" \"$@\"";
        string file = Path.Combine(_directory, "nopcap.pcapng");
        using var ns = new NetworkNamespace();
        string[] prefix = ["netns", "exec", ns.Name, "unshare", "--mount", "--propagation", "private", "sh", "-c", hide, NetdropProcess.DotnetHost];
        using (NetdropProcess filtered = NetdropProcess.StartUnder("ip", prefix, "capture", "-i", "lo", "-w", file, "udp port 53"))
        {
            Assert.True(filtered.WaitForExit(Deadline) == 1, filtered.Transcript);
            Assert.Equal(
                "netdrop capture: capture filters are compiled by libpcap, which is not installed: apt-get install libpcap0.8 (libpcap0.8t64 on Debian 13 and later; libpcap on Fedora)",
                Assert.Single(filtered.Stderr));
            Assert.False(File.Exists(file));
        }

        using NetdropProcess plain = NetdropProcess.StartUnder("ip", prefix, "capture", "-i", "lo", "-w", file, "--count", "1");
        plain.WaitForLine(l => l.StartsWith("Capturing on lo ", StringComparison.Ordinal), Deadline);
        CaptureLab.InNamespace(ns, () =>
        {
            using var client = new UdpClient();
            client.Send(new byte[8], new IPEndPoint(IPAddress.Loopback, 9));
            return 0;
        });
        Assert.True(plain.WaitForExit(Deadline) == 0, plain.Transcript);
        Assert.Contains("Captured 1 frames", string.Join('\n', plain.Stderr), StringComparison.Ordinal);
    }

    /// <summary>Each frame's bytes, in hex, in the order captured.</summary>
    private static List<string> Frames(string file)
    {
        var frames = new List<string>();
        using var reader = CaptureFileReader.Open(file);
        while (reader.TryReadNext(out CapturedRecord record))
        {
            frames.Add(Convert.ToHexString(record.Data));
        }

        Assert.Null(reader.Error);
        return frames;
    }

    private static Process StartTcpdump(NetworkNamespace ns, string iface, string file, string expression)
    {
        Process tcpdump = NetDrop.Tests.LiveKernel.Command.Start("ip", ["netns", "exec", ns.Name, "tcpdump", "-Z", "root", "--immediate-mode", "-i", iface, "-U", "-w", file, expression], redirectInput: false);
        string? line;
        var deadline = Stopwatch.StartNew();
        while ((line = tcpdump.StandardError.ReadLine()) is not null && !line.Contains("listening on", StringComparison.Ordinal))
        {
            Assert.True(deadline.Elapsed < Deadline, "tcpdump did not start listening");
        }

        Assert.NotNull(line);
        return tcpdump;
    }

    /// <summary>Stops tcpdump as its user would (SIGTERM: it writes out what it holds) and returns what it printed.</summary>
    private static string Stop(Process tcpdump)
    {
        NetDrop.Tests.LiveKernel.Command.Run("kill", "-TERM", tcpdump.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!tcpdump.WaitForExit(Deadline))
        {
            tcpdump.Kill(entireProcessTree: true);
        }

        return tcpdump.StandardError.ReadToEnd();
    }

    /// <summary>
    /// A sender namespace joined to a receiver namespace by two veth pairs (10.78.1.0/24 and
    /// 10.78.2.0/24), deleted on dispose. Traffic goes only between them.
    /// </summary>
    private sealed class TwoLinkLab : IDisposable
    {
        /// <summary>Frames <see cref="SendMixedTraffic"/> puts on the link, in both directions.</summary>
        public const int MixedFrames = 4 * 20 + 2 * 5;

        public static readonly string[] ReceiverInterfaces = ["ndcfb0", "ndcfb1"];
        private static readonly string[] SenderInterfaces = ["ndcfa0", "ndcfa1"];

        private readonly NetworkNamespace _sender = new();

        public TwoLinkLab()
        {
            try
            {
                for (int link = 0; link < 2; link++)
                {
                    _sender.Exec("ip", "link", "add", SenderInterfaces[link], "type", "veth", "peer", "name", ReceiverInterfaces[link], "netns", Receiver.Name);
                    _sender.Exec("ip", "addr", "add", Address(link, 1) + "/24", "dev", SenderInterfaces[link]);
                    _sender.Exec("ip", "link", "set", SenderInterfaces[link], "up");
                    Receiver.Exec("ip", "addr", "add", Address(link, 2) + "/24", "dev", ReceiverInterfaces[link]);
                    Receiver.Exec("ip", "link", "set", ReceiverInterfaces[link], "up");

                    // Neighbours known up front: no ARP in the middle of the traffic.
                    _sender.Exec("ip", "neigh", "replace", Address(link, 2), "lladdr", Mac(Receiver, ReceiverInterfaces[link]), "dev", SenderInterfaces[link], "nud", "permanent");
                    Receiver.Exec("ip", "neigh", "replace", Address(link, 1), "lladdr", Mac(_sender, SenderInterfaces[link]), "dev", ReceiverInterfaces[link], "nud", "permanent");
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public NetworkNamespace Receiver { get; } = new();

        public static string Address(int link, int host) => $"10.78.{link + 1}.{host}";

        public int InterfaceIndex(string name) =>
            int.Parse(Receiver.Exec("cat", $"/sys/class/net/{name}/ifindex").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// 20 datagrams each to ports 53 and 54 (small and large), 20 from port 53 to a closed port
        /// (each answered by an ICMP port unreachable), and 5 TCP connects to a closed port 53 (SYN and RST).
        /// </summary>
        public void SendMixedTraffic(int link)
        {
            CaptureLab.InNamespace(_sender, () =>
            {
                var target = IPAddress.Parse(Address(link, 2));
                using var client = new UdpClient(new IPEndPoint(IPAddress.Parse(Address(link, 1)), 0));
                using var from53 = new UdpClient(new IPEndPoint(IPAddress.Parse(Address(link, 1)), 53));
                for (int i = 0; i < 20; i++)
                {
                    client.Send(new byte[8 + i], new IPEndPoint(target, 53));
                    client.Send(new byte[i % 2 == 0 ? 4 : 80], new IPEndPoint(target, 54));
                    from53.Send(new byte[12], new IPEndPoint(target, 999));
                    Thread.Sleep(5);
                }

                for (int i = 0; i < 5; i++)
                {
                    using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        tcp.Connect(new IPEndPoint(target, 53));
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                    {
                    }
                }

                return 0;
            });
        }

        public void SendUdp(int link, int port, int count)
        {
            CaptureLab.InNamespace(_sender, () =>
            {
                using var client = new UdpClient(new IPEndPoint(IPAddress.Parse(Address(link, 1)), 0));
                for (int i = 0; i < count; i++)
                {
                    client.Send(new byte[16], new IPEndPoint(IPAddress.Parse(Address(link, 2)), port));
                }

                return 0;
            });
        }

        public void Dispose()
        {
            _sender.Dispose();
            Receiver.Dispose();
        }

        private static string Mac(NetworkNamespace ns, string name) => ns.Exec("cat", $"/sys/class/net/{name}/address").Trim();
    }
}
