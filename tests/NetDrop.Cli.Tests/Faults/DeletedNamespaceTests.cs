using System;
using System.IO;
using System.Linq;
using System.Threading;
using NetDrop.Tests.Capture;
using NetDrop.Tests.LiveKernel;
using NetDrop.Tests.Packet;

namespace NetDrop.Tests.Faults;

/// <summary>
/// A network namespace deleted while NetDrop runs. "ip netns del" removes the name only: a namespace
/// lives on while a process or socket is in it. A capture running inside one therefore keeps its
/// interface and goes on capturing until stopped; watch (the tracepoint sees every namespace) keeps
/// what it read from one that is gone and goes on. Nothing is lost either way.
/// </summary>
[Trait("Needs", "live-kernel")]
public sealed class DeletedNamespaceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-faults-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelFact("tshark")]
    public void A_capture_whose_namespace_is_deleted_keeps_capturing_and_keeps_every_frame()
    {
        using var lab = new CaptureLab();
        string file = Path.Combine(_directory, "netns.pcapng");
        using NetdropProcess capture = NetdropProcess.StartInNamespace(lab.Receiver.Name, "capture", "-i", CaptureLab.ReceiverInterface, "-w", file);
        capture.WaitForLine(l => l.StartsWith("Capturing on ", StringComparison.Ordinal), Deadline);

        lab.Send(0, 100);
        Command.Run("ip", "netns", "del", lab.Receiver.Name);
        lab.Send(100, 100);
        Thread.Sleep(500);
        capture.Signal("INT");

        Assert.True(capture.WaitForExit(Deadline) == 0, capture.Transcript);
        Assert.Contains("Captured 200 frames (12,800 bytes) into " + file + ".", capture.Stderr);
        Assert.Empty(Tshark.Problems(file));
        Assert.Equal(200, Tshark.Fields(file, "frame.number").Count);
    }

    [LiveKernelFact]
    public void Watch_keeps_the_drops_of_a_namespace_deleted_mid_run_and_goes_on()
    {
        using var other = new NetworkNamespace();
        using var lastSender = new BurstSender(other, "127.0.0.1", 9);
        using var gone = new NetworkNamespace();
        var sender = new BurstSender(gone, "127.0.0.1", 9);
        using NetdropProcess watch = NetdropProcess.Start("watch", "--source", "tracepoint", "--json", "--kernel-filter", $"{sender.KernelFilter} || {lastSender.KernelFilter}");
        try
        {
            watch.WaitUntilWatching();
            sender.Send(10);
        }
        finally
        {
            // The last process in the namespace ends, then its name goes: the namespace is destroyed.
            sender.Dispose();
            Command.Run("ip", "netns", "del", gone.Name);
        }

        // The namespace and its sender are gone; drops from another namespace still come.
        lastSender.Send(5);
        watch.WaitForLine(_ => Drops(watch) >= 15, Deadline);
        watch.Signal("INT");

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        Assert.Equal(15, Drops(watch));
        Assert.Contains("\"type\":\"loss\"", watch.Stdout[^1], StringComparison.Ordinal);
        Assert.Contains("Lost by the source: 0 (", string.Join('\n', watch.Stderr), StringComparison.Ordinal);
    }

    private static int Drops(NetdropProcess watch) => watch.Stdout.Count(l => l.StartsWith("{\"type\":\"drop\"", StringComparison.Ordinal));
}
