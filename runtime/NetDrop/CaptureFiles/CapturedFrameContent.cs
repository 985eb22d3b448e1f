namespace NetDrop.CaptureFiles;

/// <summary>What <see cref="CapturedFrameSummary.Summarize"/> found in a capture record's bytes.</summary>
public enum CapturedFrameContent
{
    /// <summary>The headers were read into a <see cref="NetDrop.Frames.FrameSummary"/>.</summary>
    Decoded,

    /// <summary>The record holds no packet bytes (or only tags).</summary>
    NoBytes,

    /// <summary>The link type is known but the bytes after its header are not a protocol the summary reads.</summary>
    HeadersNotRecognised,

    /// <summary>A LINKTYPE_WIRESHARK_UPPER_PDU record whose tag list ends before its end tag.</summary>
    TagsCutShort,

    /// <summary>A LINKTYPE_WIRESHARK_UPPER_PDU record with bytes after its tags: kept, not decoded.</summary>
    TaggedBytes,

    /// <summary>A link type the summary does not read, or a cooked header cut short.</summary>
    LinkTypeNotDecoded,
}
