using System;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Sockets;

namespace NetDrop.Netlink.Raw;

/// <summary>
/// Request and reply over a classic netlink socket (NETLINK_ROUTE, NETLINK_NETFILTER), the families
/// YNL calls netlink-raw: sequence numbers, ACKs, multi-part dumps, and NLMSG_ERROR as
/// <see cref="NetlinkRequestException"/> with the kernel's extended ACK. Beside
/// <see cref="GenericNetlinkConnection"/>: no family to resolve, and no generic netlink header in the
/// replies, whose fixed header the caller reads with the generated struct. Not thread-safe: one
/// request at a time.
/// </summary>
public sealed class RawNetlinkConnection : IDisposable
{
    private readonly NetlinkExchange _exchange;

    private RawNetlinkConnection(NetlinkExchange exchange) => _exchange = exchange;

    /// <summary>How long a request waits for its reply (each part of a dump) before it fails.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public NetlinkSocket Socket => _exchange.Socket;

    /// <summary>Messages that arrived for other sequence numbers (late replies to earlier requests), skipped.</summary>
    public long StaleMessagesSkipped => _exchange.StaleMessagesSkipped;

    /// <summary>Opens a socket of a classic netlink protocol in the calling thread's network namespace.</summary>
    /// <exception cref="ArgumentException"><paramref name="protocol"/> is generic netlink, which <see cref="GenericNetlinkConnection"/> speaks.</exception>
    public static RawNetlinkConnection Open(NetlinkProtocol protocol)
    {
        if (protocol == NetlinkProtocol.Generic)
        {
            throw new ArgumentException("generic netlink families go through GenericNetlinkConnection", nameof(protocol));
        }

        return new RawNetlinkConnection(new NetlinkExchange(protocol));
    }

    /// <summary>The buffer to build the next request in, and the sequence number it must carry.</summary>
    public Span<byte> BeginRequest(out uint sequence) => _exchange.BeginRequest(out sequence);

    /// <summary>
    /// Sends the <paramref name="length"/> bytes built in the request buffer and hands every reply to
    /// <paramref name="handler"/>; returns when the kernel ACKs (or ends the dump), throws when it
    /// answers with an error.
    /// </summary>
    /// <param name="request">Names the request in errors, e.g. "RTM_GETLINK".</param>
    public void Execute<THandler>(int length, string request, ref THandler handler, ErrnoHint? hint = null)
        where THandler : struct, IRawNetlinkReplyHandler =>
        _exchange.Execute(length, request, ref handler, hint, ReplyTimeout);

    public void Dispose() => _exchange.Dispose();
}
