using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetDrop.Interop;
using NetDrop.NetDm;
using NetDrop.Tests.LiveKernel;
using Xunit.Abstractions;

namespace NetDrop.KernelLab.Tests;

/// <summary>
/// A burst far larger than the kernel's queue: every drop must be either received or counted as
/// lost (kernel tail drops from STATS, socket overflow from sk_drops). dropwatch, run against the
/// same burst, is the peer these numbers are reported beside.
/// </summary>
public sealed partial class NetDmBurstLabTests
{
    private const int Burst = 500;
    private readonly ITestOutputHelper _output;

    public NetDmBurstLabTests(ITestOutputHelper output) => _output = output;

    [KernelLabFact]
    public void Every_drop_of_a_burst_is_received_or_accounted_for_with_queue_length_2()
    {
        byte[] marker = Loopback.Marker("burst");
        int port = Loopback.ClosedUdpPort();
        using NetDmClient client = NetDmDropLabTests.PacketMode(truncation: 128, queue: 2);
        ulong tailBefore = client.GetStats().SoftwareDropped ?? 0;
        client.Start();

        var clock = Stopwatch.StartNew();
        Loopback.SendUdp(port, marker, Burst);
        List<DropAlert> alerts = AlertWait.UntilQuiet(client, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        double seconds = clock.Elapsed.TotalSeconds;
        client.Stop();

        ulong tail = (client.GetStats().SoftwareDropped ?? 0) - tailBefore;
        NetDmDeliveryLoss loss = client.ReadDeliveryLoss();
        long socketDrops = loss.SocketDrops ?? throw new InvalidOperationException("the kernel did not report sk_drops");
        int ours = NetDmDropLabTests.Ours(alerts, marker).Count;
        int others = alerts.OfType<PacketDropAlert>().Count() - ours;
        long accounted = ours + (long)tail + socketDrops;
        string report = $"netdrop: sent {Burst}, received {ours} (+{others} other drops), kernel tail drops {tail}, socket drops {socketDrops} " +
            $"({loss.OverrunReports} ENOBUFS reports), accounted {accounted}, {alerts.Count / seconds:0} alerts/s";
        _output.WriteLine(report);
        Report(report);

        Assert.Equal(0, loss.MalformedMessages);
        Assert.True(accounted >= Burst, $"drops unexplained: {report}");
        Assert.True(ours <= Burst, $"more alerts than packets sent: {report}");
    }

    [KernelLabFact]
    public void A_receive_buffer_that_overflows_is_counted_as_socket_drops_and_reading_goes_on()
    {
        byte[] marker = Loopback.Marker("enobufs");
        byte[] after = Loopback.Marker("after");
        int port = Loopback.ClosedUdpPort();

        // A receive buffer far too small for the burst, and nobody reading while it comes: the kernel's
        // alerts overflow the socket (ENOBUFS), not its own queue (1000 deep).
        using NetDmClient client = NetDmClient.Open(new NetDmClientOptions { ReceiveBufferBytes = 4096 });
        client.Configure(NetDmAlertMode.Packet, 128, 1000);
        ulong tailBefore = client.GetStats().SoftwareDropped ?? 0;
        client.Start();
        Loopback.SendUdp(port, marker, Burst);
        System.Threading.Thread.Sleep(1000);

        List<DropAlert> alerts = AlertWait.UntilQuiet(client, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        NetDmDeliveryLoss loss = client.ReadDeliveryLoss();
        long socketDrops = loss.SocketDrops ?? throw new InvalidOperationException("the kernel did not report sk_drops");
        int ours = NetDmDropLabTests.Ours(alerts, marker).Count;
        ulong tail = (client.GetStats().SoftwareDropped ?? 0) - tailBefore;
        string report = $"receive buffer 4 KiB: sent {Burst}, received {ours}, socket drops {socketDrops} ({loss.OverrunReports} ENOBUFS reports), kernel tail drops {tail}";
        _output.WriteLine(report);

        Assert.True(socketDrops > 0 && loss.OverrunReports > 0, "the socket should have overflowed: " + report);
        Assert.True(ours + socketDrops + (long)tail >= Burst, "drops unexplained: " + report);

        // The client goes on: drops after the overflow arrive.
        Loopback.SendUdp(port, after, 3);
        List<DropAlert> later = AlertWait.Until(client, a => NetDmDropLabTests.Ours(a, after).Count >= 3, TimeSpan.FromSeconds(10));
        Assert.Equal(3, NetDmDropLabTests.Ours(later, after).Count);
        client.Stop();
    }

    [KernelLabFact]
    public void Dropwatch_against_the_same_burst_is_reported_beside_netdrop()
    {
        if (!File.Exists("/usr/bin/dropwatch") && !File.Exists("/usr/sbin/dropwatch"))
        {
            throw new InvalidOperationException("dropwatch is not installed; tests/kernel-lab/run-lab-tests.sh installs it (apt-get install dropwatch)");
        }

        int port = Loopback.ClosedUdpPort();
        byte[] marker = Loopback.Marker("dropwatch");
        using NetDmClient probe = NetDmClient.Open(new NetDmClientOptions { StopOnProcessExit = false });

        // dropwatch's stdout is a pipe here: stdbuf makes it line-buffered so its lines arrive as printed.
        using Process dropwatch = Command.Start("stdbuf", ["-oL", "-eL", "dropwatch", "-l", "kas"], redirectInput: true);
        var output = new System.Text.StringBuilder();
        dropwatch.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        dropwatch.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        dropwatch.BeginOutputReadLine();
        dropwatch.BeginErrorReadLine();
        try
        {
            dropwatch.StandardInput.WriteLine("set alertmode packet");
            dropwatch.StandardInput.WriteLine("set trunc 128");
            dropwatch.StandardInput.WriteLine("set queue 2");
            var expected = new NetDmConfig(NetDmAlertMode.Packet, 128, 2);
            WaitFor(() => probe.GetConfig() == expected, "apply its configuration", output);
            dropwatch.StandardInput.WriteLine("start");

            // NET_DM refuses configuration (EBUSY) exactly while a session runs; the same values
            // again change nothing when it does not.
            WaitFor(() => IsBusy(probe, expected), "start monitoring", output);

            Loopback.SendUdp(port, marker, Burst);
            System.Threading.Thread.Sleep(TimeSpan.FromSeconds(3));
        }
        finally
        {
            // dropwatch stops on SIGINT; if it does not, it is killed, and our own client stops NET_DM.
            Command.TryRun("kill", "-INT", dropwatch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!dropwatch.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                dropwatch.Kill();
                probe.Stop();
            }
        }

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        int received = UdpDrop().Matches(text).Count;
        bool overflowed = text.Contains("No buffer space", StringComparison.Ordinal) || text.Contains("ENOBUFS", StringComparison.Ordinal);
        string report = $"dropwatch: sent {Burst}, printed {received} NO_SOCKET drops at __udp4_lib_rcv, socket overflow reported: {(overflowed ? "yes" : "no")}";
        _output.WriteLine(report);
        Report(report);

        Assert.Contains("drop at:", text);
        Assert.InRange(received, 1, Burst);
    }

    private static bool IsBusy(NetDmClient probe, NetDmConfig config)
    {
        try
        {
            probe.Configure(config.AlertMode, config.TruncationLength, config.QueueLength);
            return false;
        }
        catch (NetDrop.Netlink.Generic.NetlinkRequestException e) when (e.Errno == Errno.EBUSY)
        {
            return true;
        }
    }

    private static void WaitFor(Func<bool> condition, string what, System.Text.StringBuilder output)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                lock (output)
                {
                    throw new TimeoutException($"dropwatch did not {what} in 20 s: {output}");
                }
            }

            System.Threading.Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Keeps the numbers for the README's performance section: in the guest they go to
    /// lab-report.txt on the results share, which the host prints after the run.
    /// </summary>
    private static void Report(string line)
    {
        string? path = Environment.GetEnvironmentVariable("NETDROP_LAB_REPORT") is { Length: > 0 } explicitPath ? explicitPath
            : Environment.GetEnvironmentVariable("NETDROP_LAB_RESULTS") is { Length: > 0 } results ? Path.Combine(results, "lab-report.txt")
            : null;
        if (path is not null)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    [GeneratedRegex(@"drop at: __udp4_lib_rcv\+[^\n]*\n(?:(?!drop at:)[^\n]*\n)*?drop reason: NO_SOCKET")]
    private static partial Regex UdpDrop();
}
