namespace NetDrop.Cli.Read;

/// <summary>The frames of a capture and the frames the kernel lost before them (epb_dropcount), counted as they are read.</summary>
internal sealed class FrameGaps
{
    public long Frames { get; private set; }

    /// <summary>Frames lost, all gaps together.</summary>
    public ulong Lost { get; private set; }

    /// <summary>Frames with a loss before them.</summary>
    public long Gaps { get; private set; }

    public ulong Largest { get; private set; }

    /// <summary>The frame the largest gap came before.</summary>
    public int LargestBeforeFrame { get; private set; }

    public void Count(int frameNumber, ulong gap)
    {
        Frames++;
        if (gap > 0)
        {
            Lost += gap;
            Gaps++;
            if (gap > Largest)
            {
                Largest = gap;
                LargestBeforeFrame = frameNumber;
            }
        }
    }
}
