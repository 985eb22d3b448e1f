using System.Globalization;

namespace NetDrop.Netlink;

/// <summary>
/// Where and why <see cref="NetlinkMessageReader"/> stopped. A value, not an exception; the text is
/// built only when asked for, so a reader that stops costs no allocation.
/// </summary>
/// <param name="Kind">What was wrong; None when nothing was.</param>
/// <param name="Offset">Offset of the bad message header within the buffer.</param>
/// <param name="Length">The nlmsg_len the header declared (0 for a truncated header).</param>
/// <param name="Remaining">Bytes left in the buffer from <paramref name="Offset"/>.</param>
public readonly record struct NetlinkParseError(NetlinkParseErrorKind Kind, int Offset, uint Length, int Remaining)
{
    public bool IsError => Kind != NetlinkParseErrorKind.None;

    /// <summary>E.g. "message at offset 48 says length 212 but 100 bytes remain".</summary>
    public string Message => ToString();

    public override string ToString() => Kind switch
    {
        NetlinkParseErrorKind.None => "no error",
        NetlinkParseErrorKind.TruncatedHeader => string.Format(CultureInfo.InvariantCulture,
            "message at offset {0} is truncated: {1} bytes remain, 16 needed for its header", Offset, Remaining),
        NetlinkParseErrorKind.LengthTooSmall => string.Format(CultureInfo.InvariantCulture,
            "message at offset {0} says length {1}, less than its 16-byte header", Offset, Length),
        NetlinkParseErrorKind.LengthPastEnd => string.Format(CultureInfo.InvariantCulture,
            "message at offset {0} says length {1} but {2} bytes remain", Offset, Length, Remaining),
        _ => Kind.ToString(),
    };
}
