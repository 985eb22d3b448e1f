namespace NetDrop.Netlink.Generic;

/// <summary>Receives the replies to one request, each viewed in place in the receive buffer.</summary>
public interface INetlinkReplyHandler
{
    /// <param name="message">The whole message.</param>
    /// <param name="header">Its generic netlink header.</param>
    /// <param name="attributes">The attributes after that header.</param>
    void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, System.ReadOnlySpan<byte> attributes);
}
