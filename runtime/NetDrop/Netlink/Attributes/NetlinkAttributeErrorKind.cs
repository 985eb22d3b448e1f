namespace NetDrop.Netlink;

/// <summary>What was wrong with the attributes of a message.</summary>
public enum NetlinkAttributeErrorKind
{
    None,

    /// <summary>Fewer bytes remain than an attribute header needs.</summary>
    TruncatedHeader,

    /// <summary>An attribute's length is below the header size or runs past the end of its buffer.</summary>
    BadLength,

    /// <summary>A fixed-size attribute has a payload of another size; it is treated as absent.</summary>
    WrongPayloadSize,

    /// <summary>A string attribute is not terminated; it is read up to its end.</summary>
    UnterminatedString,
}
