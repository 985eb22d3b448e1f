using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Packet;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Packet;

/// <summary>
/// Captures on a veth pair of the test's own: every receive path delivers every frame sent, byte for
/// byte, in order; and when the reader stalls and the kernel drops frames, the gaps account for every
/// one of them, at the right frame.
/// </summary>
[Trait("Needs", "live-kernel")]
public sealed class PacketCaptureLiveTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Frames = 500;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<PacketReceivePath> Paths => new() { PacketReceivePath.RingV3, PacketReceivePath.RingV2, PacketReceivePath.Recvmsg };

    /// <summary>
    /// True when some frames never reached the capture's socket because the veth pair dropped them
    /// (its backlog overflowed on a busy machine): the test then checks only the accounting of the
    /// frames that did, and says so.
    /// </summary>
    private bool NotAllReachedTheSocket(int sent, PacketCaptureStatistics statistics, long linkDropsBefore, CaptureLab lab)
    {
        long lost = sent - statistics.KernelPackets;
        if (lost == 0)
        {
            return false;
        }

        long link = lab.LinkDrops() - linkDropsBefore;
        Assert.True(lost > 0 && lost <= link, $"{lost} of {sent} frames never reached the socket, and the veth pair dropped only {link}");
        output.WriteLine($"LINK DROPS: the veth pair dropped {lost} of {sent} frames before the capture's socket; only the accounting of the frames that reached it was checked.");
        return true;
    }

    [LiveKernelTheory]
    [MemberData(nameof(Paths))]
    public void Every_frame_sent_is_captured_whole_and_in_order(PacketReceivePath path)
    {
        using var lab = new CaptureLab();
        using PacketCapture capture = lab.OpenCapture(new PacketCaptureOptions { ReceivePath = path, BlockRetireTimeout = TimeSpan.FromMilliseconds(10) });
        int ifIndex = capture.Socket.InterfaceIndex;
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

        // In chunks the smallest queue (recvmsg's default receive buffer) holds, each read before the next is sent.
        long linkDrops = lab.LinkDrops();
        var frames = new CapturedFrames();
        for (int first = 0; first < Frames; first += 50)
        {
            lab.Send(first, 50);
            frames.ReadFrom(capture, 50, Patience);
        }

        long trailing = capture.Finish();
        Assert.Equal(capture.Statistics.KernelPackets, frames.Count + frames.GapSum + trailing);
        if (NotAllReachedTheSocket(Frames, capture.Statistics, linkDrops, lab))
        {
            return;
        }


        Assert.Equal(Enumerable.Range(0, Frames), frames.Sequences);
        byte[] expected = new byte[CaptureLab.FrameLength];
        for (int i = 0; i < frames.Count; i++)
        {
            CaptureLab.Build(expected, i, 0x5A);
            Assert.Equal(expected, frames.Data[i]);
            Assert.Equal((uint)CaptureLab.FrameLength, frames.OriginalLengths[i]);
        }

        Assert.All(frames.InterfaceIndexes, index => Assert.Equal(ifIndex, index));
        Assert.All(frames.Protocols, protocol => Assert.Equal(CaptureLab.EtherType, protocol));
        Assert.All(frames.Timestamps, time => Assert.InRange(time, before - 1_000_000_000L, before + 60_000_000_000L));
        Assert.All(frames.Gaps, gap => Assert.Equal(0, gap));
        Assert.Equal(0, trailing);
        Assert.Equal(0, capture.Statistics.KernelDrops);
        Assert.Equal(Frames, capture.Statistics.KernelPackets);
        Assert.Equal(0, capture.MalformedRecords);
    }

    [LiveKernelTheory]
    [MemberData(nameof(Paths))]
    public void Frames_dropped_while_the_reader_stalls_are_the_gap_of_the_next_frame(PacketReceivePath path)
    {
        using var lab = new CaptureLab();

        // A ring of two one-page blocks (or, for recvmsg, the default receive buffer) holds far fewer than the burst.
        using PacketCapture capture = lab.OpenCapture(new PacketCaptureOptions
        {
            ReceivePath = path,
            BlockSize = Environment.SystemPageSize,
            BlockCount = 2,
            FrameSize = 256,
            BlockRetireTimeout = TimeSpan.FromMilliseconds(10),
        });
        const int Burst = 2000;
        const int After = 20;

        // The reader stalls through the burst, then reads what the kernel kept.
        long linkDrops = lab.LinkDrops();
        lab.Send(0, Burst);
        var frames = new CapturedFrames();
        frames.ReadFrom(capture, Burst, TimeSpan.FromSeconds(1));
        int kept = frames.Count;

        // Frames sent after the reader caught up are not dropped; the first carries the burst's loss.
        lab.Send(Burst, After);
        frames.ReadFrom(capture, After, Patience);
        long trailing = capture.Finish();
        PacketCaptureStatistics statistics = capture.Statistics;

        // The accounting holds for every frame that reached the socket, whatever happened before it.
        Assert.Equal(statistics.KernelPackets, frames.Count + frames.GapSum + trailing);
        Assert.Equal(statistics.KernelDrops, frames.GapSum + trailing);
        if (NotAllReachedTheSocket(Burst + After, statistics, linkDrops, lab))
        {
            return;
        }

        Assert.InRange(kept, 1, Burst - 1);
        Assert.Equal(Enumerable.Range(0, kept), frames.Sequences.Take(kept));
        Assert.Equal(Enumerable.Range(Burst, After), frames.Sequences.Skip(kept));

        // (a) every frame sent is either captured or counted in a gap.
        Assert.Equal(Burst + After, frames.Count + frames.GapSum + trailing);

        // (b) the gaps are the kernel's own drop count, all of it.
        Assert.Equal(statistics.KernelDrops, frames.GapSum + trailing);
        Assert.Equal(Burst - kept, statistics.KernelDrops);

        // The loss sits exactly between the last frame kept and the first one after the burst.
        Assert.Equal(Burst - kept, frames.Gaps[kept]);

        // One freeze (V3) and exact counters (recvmsg) pin the position; a V2 ring cannot say.
        Assert.Equal(path == PacketReceivePath.RingV2 ? 1 : 0, statistics.ApproximateGaps);
        Assert.Equal(path == PacketReceivePath.RingV2, frames.Approximate[kept]);
        Assert.All(frames.Gaps.Take(kept), gap => Assert.Equal(0, gap));
        Assert.All(frames.Gaps.Skip(kept + 1), gap => Assert.Equal(0, gap));
        Assert.Equal(0, trailing);
        if (path == PacketReceivePath.RingV3)
        {
            Assert.True(statistics.RingFreezes >= 1, "the ring should have frozen");
        }
    }

    [LiveKernelTheory]
    [MemberData(nameof(Paths))]
    public void Under_sustained_overload_every_frame_sent_is_captured_or_in_a_gap(PacketReceivePath path)
    {
        using var lab = new CaptureLab();
        using PacketCapture capture = lab.OpenCapture(new PacketCaptureOptions
        {
            ReceivePath = path,
            BlockSize = Environment.SystemPageSize,
            BlockCount = 4,
            FrameSize = 256,
            BlockRetireTimeout = TimeSpan.FromMilliseconds(2),
        });
        const int Sent = 20_000;

        // The sender floods from its own thread while this reader dawdles every few frames.
        var frames = new CapturedFrames();
        long linkDrops = lab.LinkDrops();
        var sender = new System.Threading.Thread(() => lab.Send(0, Sent));
        sender.Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((sender.IsAlive || capture.Wait(TimeSpan.FromMilliseconds(50))) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            int before = frames.Count;
            frames.ReadAvailable(capture, limit: 16);
            if (frames.Count == before)
            {
                capture.Wait(TimeSpan.FromMilliseconds(5));
            }
            else
            {
                System.Threading.Thread.Sleep(1);
            }
        }

        Assert.True(sender.Join(TimeSpan.FromSeconds(30)), "the sender did not finish");
        frames.ReadFrom(capture, 0, TimeSpan.Zero);
        long trailing = capture.Finish();
        PacketCaptureStatistics statistics = capture.Statistics;

        output.WriteLine($"{path}: sent {Sent}, captured {frames.Count}, gaps {frames.GapSum} ({frames.Gaps.Count(g => g > 0)} frames), trailing {trailing}, freezes {statistics.RingFreezes}, approximate gaps {statistics.ApproximateGaps}");
        Assert.True(statistics.KernelDrops > 0, "the reader was meant to fall behind");
        Assert.Equal(statistics.KernelPackets, frames.Count + frames.GapSum + trailing);
        Assert.Equal(statistics.KernelDrops, frames.GapSum + trailing);
        Assert.Equal(0, capture.MalformedRecords);
        if (NotAllReachedTheSocket(Sent, statistics, linkDrops, lab))
        {
            return;
        }

        Assert.Equal(Sent, frames.Count + frames.GapSum + trailing);
        for (int i = 1; i < frames.Count; i++)
        {
            Assert.True(frames.Sequences[i] > frames.Sequences[i - 1], $"frame {i} came out of order");
        }

        // A gap is never late: by every frame, the gaps so far cover every frame missing before it
        // (on the rings an approximate gap may cover some early, even on a frame nothing is missing before).
        long covered = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            covered += frames.Gaps[i];
            Assert.True(covered >= frames.Sequences[i] - i, $"by frame {frames.Sequences[i]} the gaps cover {covered} of {frames.Sequences[i] - i} missing");
            Assert.True(frames.Gaps[i] == 0 || frames.Approximate[i] || frames.Sequences[i] - (i == 0 ? -1 : frames.Sequences[i - 1]) > 1, $"frame {frames.Sequences[i]} has an exact gap but no frame is missing before it");
        }

        // Where no gap is approximate, every gap is exactly the run of sequence numbers missing before its frame.
        if (statistics.ApproximateGaps == 0)
        {
            Assert.Equal(frames.Sequences[0], frames.Gaps[0]);
            for (int i = 1; i < frames.Count; i++)
            {
                Assert.Equal(frames.Sequences[i] - frames.Sequences[i - 1] - 1, frames.Gaps[i]);
            }

            Assert.Equal(Sent - 1 - frames.Sequences[^1], trailing);
        }

        if (path == PacketReceivePath.Recvmsg)
        {
            Assert.Equal(0, statistics.ApproximateGaps);
        }
    }

    [LiveKernelTheory]
    [MemberData(nameof(Paths))]
    public void Drops_after_the_last_frame_are_the_trailing_gap(PacketReceivePath path)
    {
        using var lab = new CaptureLab();
        using PacketCapture capture = lab.OpenCapture(new PacketCaptureOptions
        {
            ReceivePath = path,
            BlockSize = Environment.SystemPageSize,
            BlockCount = 2,
            FrameSize = 256,
            BlockRetireTimeout = TimeSpan.FromMilliseconds(10),
        });
        const int Burst = 2000;

        long linkDrops = lab.LinkDrops();
        lab.Send(0, Burst);
        var frames = new CapturedFrames();
        frames.ReadFrom(capture, Burst, TimeSpan.FromSeconds(1));
        long trailing = capture.Finish();

        Assert.Equal(capture.Statistics.KernelPackets, frames.Count + trailing);
        if (NotAllReachedTheSocket(Burst, capture.Statistics, linkDrops, lab))
        {
            return;
        }

        Assert.InRange(frames.Count, 1, Burst - 1);
        Assert.Equal(0, frames.GapSum);
        Assert.Equal(Burst - frames.Count, trailing);
        Assert.Equal(capture.Statistics.KernelDrops, trailing);
    }
}
