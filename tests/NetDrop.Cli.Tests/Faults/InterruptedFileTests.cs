using System;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;
using NetDrop.CaptureFiles;
using NetDrop.Tests.Capture;
using NetDrop.Tests.LiveKernel;
using NetDrop.Tests.Packet;

namespace NetDrop.Tests.Faults;

/// <summary>
/// A pcapng being written when the process is stopped from outside. SIGTERM is a stop like Ctrl-C: the
/// file is complete, statistics block included. SIGKILL ends the process with nothing run, so the file
/// holds what was flushed before it: capture flushes at least every second, watch --write after each
/// batch; every frame flushed is read back, and the file ends on a whole block.
/// </summary>
[Trait("Needs", "live-kernel")]
public sealed class InterruptedFileTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-faults-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelFact("tshark")]
    public void A_capture_stopped_with_sigterm_leaves_a_complete_file_with_its_statistics()
    {
        using var lab = new CaptureLab();
        string file = Path.Combine(_directory, "term.pcapng");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", CaptureLab.ReceiverInterface, "-w", file);
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        lab.Send(0, 300);
        Thread.Sleep(500);
        capture.Signal("TERM");

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Assert.Contains("Captured 300 frames (19,200 bytes) into " + file + ".", capture.Stderr);
        Assert.Empty(Tshark.Problems(file));
        Assert.Equal(300, Tshark.Fields(file, "frame.number").Count);
        using CaptureFileReader reader = ReadAll(file, out int frames);
        Assert.Equal(300, frames);
        CaptureStatistics statistics = Assert.Single(reader.Statistics);
        Assert.Equal(300UL, statistics.Counters.UserDelivered);
        Assert.Equal(300UL, statistics.Counters.InterfaceReceived);
        Assert.Equal(0UL, statistics.Counters.OsDropped);
    }

    [LiveKernelFact("tshark")]
    public void A_capture_killed_with_sigkill_keeps_every_frame_flushed_before()
    {
        using var lab = new CaptureLab();
        string file = Path.Combine(_directory, "kill.pcapng");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", CaptureLab.ReceiverInterface, "-w", file);
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        lab.Send(0, 300);

        // Past the flush interval (1 s) plus a retired TPACKET_V3 block: the frames are in the file.
        Thread.Sleep(2500);
        capture.Signal("KILL");
        capture.WaitForExit(Deadline);

        Assert.DoesNotContain(capture.Stderr, l => l.StartsWith("Captured ", StringComparison.Ordinal));
        Assert.Empty(Tshark.Problems(file));
        Assert.Equal(300, Tshark.Fields(file, "frame.number").Count);
        using CaptureFileReader reader = ReadAll(file, out int frames);
        Assert.Equal(300, frames);
        Assert.Empty(reader.Statistics);
    }

    [LiveKernelFact("tshark")]
    [SupportedOSPlatform("linux")]
    public void Watch_write_stopped_with_sigterm_leaves_a_complete_file_readable_by_its_owner_only()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        string file = Path.Combine(_directory, "drops-term.pcapng");
        using NetdropProcess watch = NetdropProcess.Start("watch", "--source", "tracepoint", "--json", "--kernel-filter", sender.KernelFilter, "--write", file);
        watch.WaitUntilWatching();

        sender.Send(20);
        watch.WaitForLine(_ => watch.Stdout.Count >= 20, Deadline);
        watch.Signal("TERM");

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Empty(Tshark.Problems(file));
        Assert.Equal(20, Tshark.Fields(file, "frame.number").Count);
        using CaptureFileReader reader = ReadAll(file, out int frames);
        Assert.Equal(20, frames);
        Assert.NotEmpty(reader.Statistics);
    }

    [LiveKernelFact("tshark")]
    public void Watch_write_killed_with_sigkill_keeps_every_drop_written_before()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        string file = Path.Combine(_directory, "drops-kill.pcapng");
        using NetdropProcess watch = NetdropProcess.Start("watch", "--source", "tracepoint", "--json", "--kernel-filter", sender.KernelFilter, "--write", file);
        watch.WaitUntilWatching();

        sender.Send(20);

        // A JSON line is printed in the same batch that is flushed to the file.
        watch.WaitForLine(_ => watch.Stdout.Count >= 20, Deadline);
        Thread.Sleep(300);
        watch.Signal("KILL");
        watch.WaitForExit(Deadline);

        Assert.Empty(Tshark.Problems(file));
        Assert.Equal(20, Tshark.Fields(file, "frame.number").Count);
        using CaptureFileReader reader = ReadAll(file, out int frames);
        Assert.Equal(20, frames);
        Assert.Empty(reader.Statistics);
    }

    private static CaptureFileReader ReadAll(string file, out int frames)
    {
        CaptureFileReader reader = CaptureFileReader.Open(file);
        frames = 0;
        while (reader.TryReadNext(out _))
        {
            frames++;
        }

        Assert.Null(reader.Error);
        return reader;
    }
}
