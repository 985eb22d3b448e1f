using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.Versioning;
using NetDrop.Tests.Capture;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Faults;

/// <summary>
/// netdrop capture needs no root: CAP_NET_RAW opens the packet socket (the kernel's check in
/// packet_create). These run it as nobody with exactly that capability (setpriv), and with none.
/// </summary>
// Runs as nobody with the shared home NetdropProcess makes: one such test at a time.
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class CaptureCapabilityTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-faults-").FullName;

    public CaptureCapabilityTests()
    {
        // nobody writes the capture here.
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(_directory, (UnixFileMode)0x1FF);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelFact("tshark")]
    [SupportedOSPlatform("linux")]
    public void As_nobody_with_only_net_raw_capture_writes_an_owner_only_file_tshark_reads()
    {
        string file = Path.Combine(_directory, "nobody.pcapng");
        using NetdropProcess capture = NetdropProcess.StartWithCapabilities("net_raw", "capture", "-i", "lo", "-w", file, "--count", "5");
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        // Datagrams to a closed loopback port, until the capture has its five frames (bounded: 200 at most).
        // Unconnected: the port unreachable answers are not reported back to it as errors.
        var closedPort = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9);
        using (var udp = new UdpClient(System.Net.Sockets.AddressFamily.InterNetwork))
        {
            for (int i = 0; i < 200; i++)
            {
                udp.Send([1, 2, 3, 4], closedPort);
                System.Threading.Thread.Sleep(50);
                if (System.Linq.Enumerable.Any(capture.Stderr, l => l.StartsWith("Stopped after", StringComparison.Ordinal)))
                {
                    break;
                }
            }
        }

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Assert.Contains("Captured 5 frames", string.Join('\n', capture.Stderr), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Empty(Tshark.Problems(file));
        Assert.Equal(5, Tshark.Fields(file, "frame.number").Count);
    }

    [LiveKernelFact]
    public void As_nobody_without_net_raw_capture_says_what_to_do_and_exits_1()
    {
        string file = Path.Combine(_directory, "none.pcapng");
        (int exit, NetdropProcess capture) = NetdropProcess.RunWithCapabilities(Deadline, string.Empty, "capture", "-i", "lo", "-w", file, "--duration", "1");
        using (capture)
        {
            Assert.True(exit == 1, capture.Transcript);
            string message = Assert.Single(capture.Stderr, l => l.StartsWith("netdrop capture: ", StringComparison.Ordinal));
            Assert.Contains("CAP_NET_RAW", message, StringComparison.Ordinal);
            Assert.False(File.Exists(file), "no file is made when the socket cannot be opened");
        }
    }
}
