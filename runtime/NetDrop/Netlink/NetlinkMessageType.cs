namespace NetDrop.Netlink;

/// <summary>
/// nlmsghdr.nlmsg_type values with a fixed meaning in every netlink family (NLMSG_*). Types from
/// <see cref="MinType"/> up belong to the family; in generic netlink they are family ids.
/// </summary>
public static class NetlinkMessageType
{
    /// <summary>NLMSG_NOOP: ignore.</summary>
    public const ushort Noop = 1;

    /// <summary>NLMSG_ERROR: an error, or with error 0 an acknowledgement.</summary>
    public const ushort Error = 2;

    /// <summary>NLMSG_DONE: ends a multipart reply.</summary>
    public const ushort Done = 3;

    /// <summary>NLMSG_OVERRUN: data was lost.</summary>
    public const ushort Overrun = 4;

    /// <summary>NLMSG_MIN_TYPE: types below this are reserved for the control messages above.</summary>
    public const ushort MinType = 16;

    /// <summary>GENL_ID_CTRL: the generic netlink controller (nlctrl), the first family id.</summary>
    public const ushort GenericControl = 16;
}
