namespace NetDrop.CaptureFiles;

/// <summary>
/// Why a <see cref="CaptureFileReader"/> stopped before the end of its file. Bad data is reported
/// this way rather than thrown, so that every frame before the damage stays readable.
/// </summary>
/// <param name="FrameNumber">
/// The 1-based number of the frame being read, or of the next frame when the damage is in a header or
/// block between frames. Every frame numbered below it was returned intact.
/// </param>
/// <param name="Offset">Byte offset in the file of the record, block or header that is bad.</param>
/// <param name="Message">A full sentence naming the frame and offset, e.g. "frame 7 at offset 1234: ...".</param>
public sealed record CaptureError(int FrameNumber, long Offset, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
