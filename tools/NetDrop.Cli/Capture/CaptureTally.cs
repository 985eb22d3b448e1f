using System.Runtime.CompilerServices;

namespace NetDrop.Cli.Capture;

/// <summary>
/// Running counts of a capture for the progress line and the summary: frames and bytes written, the
/// frames the kernel dropped as gaps before captured frames, and the largest gap with where it was.
/// </summary>
internal sealed class CaptureTally
{
    public long Frames { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Frames the kernel dropped before captured frames (the sum of their gaps).</summary>
    public long GapFrames { get; private set; }

    /// <summary>Captured frames that had a gap before them.</summary>
    public long Gaps { get; private set; }

    public long LargestGap { get; private set; }

    /// <summary>The 1-based number of the frame after the largest gap, as Wireshark numbers frames.</summary>
    public long LargestGapBeforeFrame { get; private set; }

    public long LargestGapTimeNanoseconds { get; private set; }

    // Inlined into the capture's frame loop: called once per frame.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(int capturedBytes, long gap, long timestampNanoseconds)
    {
        Frames++;
        Bytes += capturedBytes;
        if (gap <= 0)
        {
            return;
        }

        CountGap(gap, timestampNanoseconds);
    }

    private void CountGap(long gap, long timestampNanoseconds)
    {
        Gaps++;
        GapFrames += gap;
        if (gap > LargestGap)
        {
            LargestGap = gap;
            LargestGapBeforeFrame = Frames;
            LargestGapTimeNanoseconds = timestampNanoseconds;
        }
    }
}
