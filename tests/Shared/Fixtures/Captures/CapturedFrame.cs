using NetDrop.CaptureFiles;

namespace NetDrop.Tests.Capture;

/// <summary>A heap copy of a <see cref="CapturedRecord"/>, which cannot outlive the reader's next call.</summary>
internal sealed record CapturedFrame(
    int FrameNumber,
    long FileOffset,
    int InterfaceId,
    int LinkType,
    bool HasTimestamp,
    long TimestampNanoseconds,
    int OriginalLength,
    byte[] Data,
    ulong? DropCount,
    byte[] CommentUtf8)
{
    public static CapturedFrame From(CapturedRecord record) => new(
        record.FrameNumber,
        record.FileOffset,
        record.InterfaceId,
        record.LinkType,
        record.HasTimestamp,
        record.TimestampNanoseconds,
        record.OriginalLength,
        record.Data.ToArray(),
        record.DropCount,
        record.CommentUtf8.ToArray());
}
