namespace NetDrop.Netlink.Raw;

/// <summary>Receives the replies to one request of a classic netlink family, each viewed in place in the receive buffer.</summary>
public interface IRawNetlinkReplyHandler
{
    /// <param name="message">The whole message: its header, then the family's fixed header (ifinfomsg, nfgenmsg…) and attributes.</param>
    void OnReply(in NetlinkMessage message);
}
