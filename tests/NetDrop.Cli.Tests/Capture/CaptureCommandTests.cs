using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using System.Threading;
using NetDrop.CaptureFiles;
using NetDrop.Tests.Capture;
using NetDrop.Tests.Packet;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Capture;

/// <summary>
/// netdrop capture run as a user runs it, inside the receiving namespace of a veth pair the test
/// builds: every frame sent is in the file, tshark reads it without a warning, and when the capture is
/// stopped (SIGSTOP) while frames pour in, the frames captured plus the gaps written into the file
/// equal the frames sent, as the kernel counted them.
/// </summary>
[Trait("Needs", "live-kernel")]
public sealed partial class CaptureCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-capture-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Help_describes_every_option_with_examples()
    {
        (int exit, NetdropProcess help) = NetdropProcess.Run(Deadline, "capture", "--help");
        using (help)
        {
            Assert.Equal(0, exit);
            string text = string.Join('\n', help.Stdout);
            foreach (string option in new[] { "--interface", "--write", "--snaplen", "--ring-size", "--path", "--fanout", "--promiscuous", "--duration", "--count", "--otlp", "--dump-filter", "FILTER" })
            {
                Assert.Contains(option, text, StringComparison.Ordinal);
            }

            Assert.Contains("sudo netdrop capture -i eth0 -w eth0.pcapng", text, StringComparison.Ordinal);
            Assert.Contains("sudo netdrop capture -i eth0 -w dns.pcapng 'udp port 53'", text, StringComparison.Ordinal);
            Assert.Contains("sudo netdrop capture -i any -w all.pcapng", text, StringComparison.Ordinal);
            Assert.Contains("Exit codes:", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--snaplen must be 14 to 262144, not 5", "--snaplen", "5")]
    [InlineData("--ring-size must be a size from 64KiB to 1GiB such as 16MiB or 4096KiB, not '12 parsecs'", "--ring-size", "12 parsecs")]
    [InlineData("--path must be v3, v2 or recvmsg, not 'v9'", "--path", "v9")]
    [InlineData("--fanout must be MODE:GROUP with MODE hash, lb, cpu or rollover and GROUP 0 to 65535, e.g. hash:7, not 'spread:1'", "--fanout", "spread:1")]
    [InlineData("--count must be 1 or more, not 0", "--count", "0")]
    [InlineData("--interface: 'eth0/1' is not an interface name (at most 15 characters, no '/' or spaces)", "-i", "eth0/1")]
    public void Bad_arguments_are_one_clear_line_and_exit_2(string message, params string[] arguments)
    {
        string[] all = arguments.Contains("-i") ? ["capture", "-w", Path.Combine(_directory, "x.pcapng"), .. arguments] : ["capture", "-i", "lo", "-w", Path.Combine(_directory, "x.pcapng"), .. arguments];
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, all);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal("netdrop capture: " + message, run.Stderr[0]);
            Assert.False(File.Exists(Path.Combine(_directory, "x.pcapng")), "no file is made for arguments that cannot be used");
        }
    }

    [Fact]
    public void Writing_into_a_directory_or_a_missing_one_is_refused_before_capturing()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "capture", "-i", "lo", "-w", _directory);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.StartsWith($"netdrop capture: --write: '{_directory}' is a directory", run.Stderr[0], StringComparison.Ordinal);
        }
    }

    [LiveKernelFact]
    public void An_interface_that_does_not_exist_is_one_line_and_exit_1()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "capture", "-i", "ndnothere0", "-w", Path.Combine(_directory, "x.pcapng"));
        using (run)
        {
            Assert.True(exit == 1, run.Transcript);
            Assert.Equal("netdrop capture: there is no interface 'ndnothere0' in this network namespace; 'ip link' lists them", run.Stderr[0]);
        }
    }

    [LiveKernelFact]
    [SupportedOSPlatform("linux")]
    public void Under_nsenter_the_interface_is_found_in_the_namespace_though_sys_is_the_hosts()
    {
        // nsenter --net switches the network namespace but keeps the host's /sys mounted, unlike ip netns exec.
        using var lab = new CaptureLab();
        Assert.False(Directory.Exists("/sys/class/net/" + CaptureLab.ReceiverInterface), "the interface must exist only in the lab's namespace");
        string file = Path.Combine(_directory, "nsenter.pcapng");
        using NetdropProcess capture = NetdropProcess.StartUnder("nsenter", ["--net=/run/netns/" + lab.Receiver.Name, NetdropProcess.DotnetHost],
            "capture", "-i", CaptureLab.ReceiverInterface, "-w", file);
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        lab.Send(0, 20);
        Thread.Sleep(500);
        capture.Signal("INT");

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Assert.Contains("Captured 20 frames (1,280 bytes) into " + file + ".", capture.Stderr);
        using var reader = CaptureFileReader.Open(file);
        int expected = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            Assert.Equal(LinkTypes.Ethernet, record.LinkType);
            Assert.Equal(expected++, CaptureLab.Sequence(record.Data));
        }

        Assert.Equal(20, expected);
    }

    [LiveKernelFact("tshark")]
    [SupportedOSPlatform("linux")]
    public void Every_frame_sent_is_in_the_file_in_order_and_tshark_reads_it_without_a_warning()
    {
        using var lab = new CaptureLab();
        string file = Path.Combine(_directory, "all.pcapng");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", CaptureLab.ReceiverInterface, "-w", file);
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        lab.Send(0, 500);
        Thread.Sleep(500);
        capture.Signal("INT");

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Assert.Contains("Captured 500 frames (32,000 bytes) into " + file + ".", capture.Stderr);
        Assert.Contains("Dropped by the kernel: 0 of 500 frames that reached the socket: 0 in 0 gaps before captured frames, 0 after the last one.", capture.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        Assert.Empty(Tshark.Problems(file));
        var rows = Tshark.Fields(file, "frame.len", "eth.type", "frame.interface_name");
        Assert.Equal(500, rows.Count);
        Assert.All(rows, r => Assert.Equal(new[] { "64", "0x88b5", CaptureLab.ReceiverInterface }, r));
        using var reader = CaptureFileReader.Open(file);
        int expected = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            Assert.Equal(expected++, CaptureLab.Sequence(record.Data));
        }

        Assert.Equal(500, expected);
    }

    [LiveKernelFact("tshark")]
    public void A_stopped_capture_loses_frames_and_the_file_accounts_for_every_one()
    {
        using var lab = new CaptureLab();
        string file = Path.Combine(_directory, "gaps.pcapng");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", CaptureLab.ReceiverInterface, "-w", file, "--ring-size", "64KiB");
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        const int Sent = 3000;
        lab.Send(0, 100);
        Thread.Sleep(300);
        FloodWhileStoppedThenStop(capture, lab, first: 100, Sent);

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Match summary = capture.Stderr.Select(l => DroppedLine().Match(l)).Single(m => m.Success);
        long dropped = Number(summary, "dropped");
        long reached = Number(summary, "reached");
        long inGaps = Number(summary, "gaps");
        long trailing = Number(summary, "trailing");
        Assert.True(dropped > 0, "a 64 KiB ring cannot hold 2,800 frames: " + capture.Transcript);
        Assert.Equal(Sent, reached);
        Assert.Equal(dropped, inGaps + trailing);

        // The file says the same: frames in it plus their drop counts plus the statistics block's trailing drops.
        Assert.Empty(Tshark.Problems(file));
        var rows = Tshark.Fields(file, "frame.number", "frame.drop_count");
        long captured = rows.Count;
        long gaps = rows.Sum(r => r.Length < 2 || r[1].Length == 0 ? 0 : long.Parse(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(inGaps, gaps);
        Assert.True(Sent == captured + gaps + trailing, $"file: {captured} frames, {gaps} in gaps, {trailing} trailing; run: {capture.Transcript}");
        using var reader = CaptureFileReader.Open(file);
        while (reader.TryReadNext(out _))
        {
        }

        CaptureStatistics statistics = Assert.Single(reader.Statistics);
        Assert.Equal((ulong)dropped, statistics.Counters.OsDropped);
        Assert.Equal((ulong)Sent, statistics.Counters.InterfaceReceived);
        Assert.Equal((ulong)captured, statistics.Counters.UserDelivered);
    }

    [LiveKernelFact("tshark")]
    public void An_interface_deleted_mid_capture_is_exit_1_with_every_frame_before_kept()
    {
        using var lab = new CaptureLab();
        string file = Path.Combine(_directory, "gone.pcapng");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", CaptureLab.ReceiverInterface, "-w", file);
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        lab.Send(0, 200);
        Thread.Sleep(500);
        lab.Receiver.Exec("ip", "link", "del", CaptureLab.ReceiverInterface);

        Assert.True(capture.WaitForExit(Deadline) == 1, capture.Transcript);
        Assert.Contains(capture.Stderr, l => l.StartsWith("netdrop capture: the capture failed: ", StringComparison.Ordinal)
            && l.EndsWith($"The 200 frames read before are in {file}.", StringComparison.Ordinal));
        Assert.Empty(Tshark.Problems(file));
        Assert.Equal(200, Tshark.Fields(file, "frame.number").Count);
    }

    [LiveKernelFact]
    public void With_otlp_the_frames_and_the_frames_the_kernel_dropped_reach_the_collector()
    {
        using var lab = new CaptureLab();

        // The collector listens inside the capture's namespace (its socket is made on a thread there), where netdrop reaches it on loopback.
        using NetDrop.Tests.Metrics.OtlpReceiver receiver = CaptureLab.InNamespace(lab.Receiver, () => new NetDrop.Tests.Metrics.OtlpReceiver());
        string file = Path.Combine(_directory, "otlp.pcapng");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", CaptureLab.ReceiverInterface, "-w", file,
            "--ring-size", "64KiB", "--otlp", receiver.Endpoint.ToString(), "--otlp-interval", "1");
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        const int Sent = 2000;
        FloodWhileStoppedThenStop(capture, lab, first: 0, Sent);

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Assert.Empty(receiver.Problems);
        Match summary = capture.Stderr.Select(l => DroppedLine().Match(l)).Single(m => m.Success);
        long dropped = Number(summary, "dropped");
        Assert.True(dropped > 0, capture.Transcript);
        long captured = Sent - dropped;

        var frames = Assert.Single(receiver.Latest, p => p.Metric == "netdrop.capture.frames");
        var lost = Assert.Single(receiver.Latest, p => p.Metric == "netdrop.capture.dropped_frames");
        Assert.Equal(captured, frames.Value);
        Assert.Equal(dropped, lost.Value);
        Assert.Equal(CaptureLab.ReceiverInterface, frames.Label("interface"));
        Assert.Equal(CaptureLab.ReceiverInterface, lost.Label("interface"));
    }

    /// <summary>
    /// Frames first..sent-100 while the capture is stopped (SIGSTOP), so its ring fills and the kernel
    /// drops; then it runs again, the last 100 frames arrive, and Ctrl-C (SIGINT) ends it.
    /// </summary>
    private static void FloodWhileStoppedThenStop(NetdropProcess capture, CaptureLab lab, int first, int sent)
    {
        capture.Signal("STOP");
        try
        {
            lab.Send(first, sent - 100 - first);
        }
        finally
        {
            capture.Signal("CONT");
        }

        Thread.Sleep(500);
        lab.Send(sent - 100, 100);
        Thread.Sleep(500);
        capture.Signal("INT");
    }

    private static long Number(Match match, string group) =>
        long.Parse(match.Groups[group].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Dropped by the kernel: (?<dropped>[\d,]+) of (?<reached>[\d,]+) frames that reached the socket: (?<gaps>[\d,]+) in [\d,]+ gaps? before captured frames, (?<trailing>[\d,]+) after the last one\.$")]
    private static partial Regex DroppedLine();
}
