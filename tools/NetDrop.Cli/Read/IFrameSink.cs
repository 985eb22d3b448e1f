using System.Collections.Generic;
using NetDrop.CaptureFiles;
using NetDrop.Frames;

namespace NetDrop.Cli.Read;

/// <summary>
/// Receives what `netdrop read` found in a packet capture, frame by frame, then the file's statistics and
/// the gap totals. <see cref="FrameReadRunner"/> works each frame out once and the sinks decide the form
/// (a line of text, or a JSON object), as <see cref="IMessageSink"/> does for NET_DM messages.
/// </summary>
internal interface IFrameSink
{
    /// <summary>One frame. <paramref name="length"/> and <paramref name="captured"/> leave out NetDrop's tags, which are not part of the packet.</summary>
    /// <param name="summary">The headers, when they could be decoded.</param>
    /// <param name="description">The headers in a few words, or why they are not shown.</param>
    void Frame(in CapturedRecord record, string interfaceName, int length, int captured, FrameSummary? summary, string description, IReadOnlyList<string> comments);

    /// <summary>The interface statistics blocks kept, after every frame; <paramref name="notKept"/> says how many older ones were not, or is null.</summary>
    void Statistics(IReadOnlyList<CaptureStatistics> kept, string? notKept);

    /// <summary>The frames lost before the frames read, last.</summary>
    void Totals(FrameGaps gaps);
}
