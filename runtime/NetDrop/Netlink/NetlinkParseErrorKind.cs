namespace NetDrop.Netlink;

/// <summary>What was wrong with a run of netlink messages.</summary>
public enum NetlinkParseErrorKind
{
    None,

    /// <summary>Bytes remain, but fewer than a 16-byte nlmsghdr.</summary>
    TruncatedHeader,

    /// <summary>nlmsg_len is less than the header it includes.</summary>
    LengthTooSmall,

    /// <summary>nlmsg_len runs past the end of the buffer.</summary>
    LengthPastEnd,
}
