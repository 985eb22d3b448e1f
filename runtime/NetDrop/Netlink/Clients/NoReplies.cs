using System;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Raw;

namespace NetDrop.Netlink.Clients;

/// <summary>
/// The handler of a request answered by an ACK alone (a generated client's "do" without a reply):
/// a message other than the ACK is not expected, and is left unread.
/// </summary>
public struct NoReplies : INetlinkReplyHandler, IRawNetlinkReplyHandler
{
    public readonly void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
    {
    }

    public readonly void OnReply(in NetlinkMessage message)
    {
    }
}
