using System;
using NetDrop.Frames;

namespace NetDrop.CaptureFiles;

/// <summary>
/// One frame from a capture file. <see cref="Data"/> and <see cref="CommentUtf8"/> point into the
/// reader's buffer: they are valid only until the next call to <see cref="CaptureFileReader.TryReadNext"/>.
/// </summary>
public readonly ref struct CapturedRecord
{
    private readonly ReadOnlySpan<byte> _options;
    private readonly bool _bigEndian;

    internal CapturedRecord(
        int frameNumber,
        long fileOffset,
        CaptureInterface captureInterface,
        bool hasTimestamp,
        long timestampNanoseconds,
        int originalLength,
        ReadOnlySpan<byte> data,
        ulong? dropCount,
        PcapNgPacketFlags? flags,
        ReadOnlySpan<byte> commentUtf8,
        ReadOnlySpan<byte> options = default,
        bool bigEndian = false)
    {
        FrameNumber = frameNumber;
        FileOffset = fileOffset;
        Interface = captureInterface;
        HasTimestamp = hasTimestamp;
        TimestampNanoseconds = timestampNanoseconds;
        OriginalLength = originalLength;
        Data = data;
        DropCount = dropCount;
        Flags = flags;
        CommentUtf8 = commentUtf8;
        _options = options;
        _bigEndian = bigEndian;
    }

    /// <summary>1-based position among the file's frames, as Wireshark numbers them.</summary>
    public int FrameNumber { get; }

    /// <summary>Byte offset in the file of the record header (pcap) or packet block (pcapng).</summary>
    public long FileOffset { get; }

    /// <summary>The interface the frame was captured on: its name, link type and timestamp resolution.</summary>
    public CaptureInterface Interface { get; }

    /// <summary>pcapng interface id within its section; always 0 for pcap.</summary>
    public int InterfaceId => Interface.Id;

    /// <summary>LINKTYPE_* of the frame's interface (see <see cref="LinkTypes"/>).</summary>
    public int LinkType => Interface.LinkType;

    /// <summary>False only for pcapng Simple Packet Blocks, which carry no timestamp.</summary>
    public bool HasTimestamp { get; }

    /// <summary>Arrival time in nanoseconds since the Unix epoch (UTC); 0 when <see cref="HasTimestamp"/> is false.</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>Length of the frame on the wire; larger than <see cref="Data"/> when the capture was truncated by the snapshot length.</summary>
    public int OriginalLength { get; }

    /// <summary>The captured bytes, starting with the link-layer header.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Packets lost between this frame and the one before (pcapng epb_dropcount), or null when not recorded.</summary>
    public ulong? DropCount { get; }

    /// <summary>The pcapng epb_flags option (direction, reception type, checksum and offload bits), or null when not recorded.</summary>
    public PcapNgPacketFlags? Flags { get; }

    /// <summary>The first opt_comment of a pcapng packet block, UTF-8; empty when there is none.</summary>
    public ReadOnlySpan<byte> CommentUtf8 { get; }

    /// <summary>Every opt_comment of the block, in order, UTF-8 (a block may carry several).</summary>
    public PcapNgCommentEnumerator Comments => new(_options, _bigEndian);

    /// <summary>True when fewer bytes were captured than were on the wire.</summary>
    public bool IsTruncated => Data.Length < OriginalLength;

    /// <summary>The frame's headers, read by its link type (<see cref="CapturedFrameSummary.Summarize"/>).</summary>
    public CapturedFrameContent Summarize(out FrameSummary summary, out int tagLength) =>
        CapturedFrameSummary.Summarize(LinkType, Data, out summary, out tagLength);
}
