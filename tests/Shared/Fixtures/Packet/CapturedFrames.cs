using System;
using System.Collections.Generic;
using System.Diagnostics;
using NetDrop.Packet;

namespace NetDrop.Tests.Packet;

/// <summary>What a test read from a capture: each frame's sequence number, gap, bytes and metadata.</summary>
internal sealed class CapturedFrames
{
    public List<int> Sequences { get; } = new();

    public List<long> Gaps { get; } = new();

    public List<bool> Approximate { get; } = new();

    public List<byte[]> Data { get; } = new();

    public List<uint> OriginalLengths { get; } = new();

    public List<int> InterfaceIndexes { get; } = new();

    public List<long> Timestamps { get; } = new();

    public List<ushort> Protocols { get; } = new();

    public int Count => Sequences.Count;

    public long GapSum
    {
        get
        {
            long sum = 0;
            foreach (long gap in Gaps)
            {
                sum += gap;
            }

            return sum;
        }
    }

    /// <summary>Reads until <paramref name="expected"/> frames came or <paramref name="patience"/> passed, then drains what the kernel still holds.</summary>
    public void ReadFrom(PacketCapture capture, int expected, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        int start = Count;
        while (Count - start < expected && clock.Elapsed < patience)
        {
            ReadAvailable(capture);
            if (Count - start < expected)
            {
                capture.Wait(TimeSpan.FromMilliseconds(100));
            }
        }

        capture.Drain();
        ReadAvailable(capture);
    }

    public void ReadAvailable(PacketCapture capture, int limit = int.MaxValue)
    {
        int read = 0;
        while (read++ < limit && capture.TryRead(out PacketFrame frame))
        {
            Sequences.Add(CaptureLab.Sequence(frame.Data));
            Gaps.Add(frame.Gap);
            Approximate.Add(frame.GapIsApproximate);
            Data.Add(frame.Data.ToArray());
            OriginalLengths.Add(frame.OriginalLength);
            InterfaceIndexes.Add(frame.InterfaceIndex);
            Timestamps.Add(frame.TimestampNanoseconds);
            Protocols.Add(frame.Protocol);
        }
    }
}
