using System.Globalization;

namespace NetDrop.Netlink;

/// <summary>
/// The first problem met while walking attributes. A value, not an exception: readers of kernel or
/// file data record it and go on with what they could read. The message is built only when asked for.
/// </summary>
public readonly record struct NetlinkAttributeError(
    NetlinkAttributeErrorKind Kind, int Offset, ushort AttributeType, int Length, int Expected)
{
    public bool IsError => Kind != NetlinkAttributeErrorKind.None;

    public override string ToString() => Kind switch
    {
        NetlinkAttributeErrorKind.None => "no error",
        NetlinkAttributeErrorKind.TruncatedHeader => string.Format(CultureInfo.InvariantCulture,
            "attribute header at offset {0} is truncated: {1} bytes remain, 4 needed", Offset, Length),
        NetlinkAttributeErrorKind.BadLength => string.Format(CultureInfo.InvariantCulture,
            "attribute type {0} at offset {1} says length {2}, but {3} bytes remain", AttributeType, Offset, Length, Expected),
        NetlinkAttributeErrorKind.WrongPayloadSize => string.Format(CultureInfo.InvariantCulture,
            "attribute type {0} at offset {1} has a {2}-byte payload, expected {3}; ignored", AttributeType, Offset, Length, Expected),
        NetlinkAttributeErrorKind.UnterminatedString => string.Format(CultureInfo.InvariantCulture,
            "string attribute type {0} at offset {1} has no NUL terminator", AttributeType, Offset),
        _ => Kind.ToString(),
    };
}
