using System;
using System.IO;
using NetDrop.Netlink.Raw;
using NetDrop.Netlink.Sockets;

namespace NetDrop.Netlink.Clients;

/// <summary>
/// A socket of its own that has joined multicast groups, and the loop that reads their notifications.
/// Generated clients keep it apart from their request socket: a notification arriving while a request
/// waits would otherwise be taken for a stale reply and skipped. Not thread-safe.
/// </summary>
public sealed class NetlinkSubscription : IDisposable
{
    // Notifications are single messages of at most a page or two; 64 KiB also holds rtnetlink's largest.
    private readonly byte[] _receive = new byte[64 * 1024];

    private NetlinkSubscription(NetlinkSocket socket) => Socket = socket;

    public NetlinkSocket Socket { get; }

    /// <summary>
    /// ENOBUFS reports: the socket's queue overflowed and notifications were lost (how many:
    /// <see cref="NetlinkSocket.ReadKernelDrops"/>). Counted, never hidden.
    /// </summary>
    public long Overruns => Socket.OverrunReports;

    /// <summary>Opens a socket of <paramref name="protocol"/> in the calling thread's network namespace.</summary>
    public static NetlinkSubscription Open(NetlinkProtocol protocol) => new(NetlinkSocket.Open(protocol));

    /// <summary>Joins multicast group <paramref name="group"/> (a number: rtnetlink's RTNLGRP_*, or an id nlctrl resolved).</summary>
    public void Join(uint group) => Socket.JoinGroup(group);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for notifications and hands each message of the first
    /// datagram that comes to <paramref name="handler"/>, viewed in place; returns how many it handed
    /// (0 when the time passed). An overrun is counted in <see cref="Overruns"/> and reading goes on.
    /// </summary>
    /// <exception cref="InvalidDataException">A datagram's messages are malformed.</exception>
    public int Receive<THandler>(ref THandler handler, TimeSpan timeout)
        where THandler : struct, IRawNetlinkReplyHandler
    {
        long deadline = Environment.TickCount64 + (long)Math.Max(0, timeout.TotalMilliseconds);
        while (true)
        {
            switch (Socket.TryReceive(_receive, out int received))
            {
                case NetlinkReceiveStatus.Received:
                    return Dispatch(_receive.AsSpan(0, received), ref handler);
                case NetlinkReceiveStatus.Overrun:
                    continue;
            }

            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0 || !Socket.Wait(TimeSpan.FromMilliseconds(remaining)))
            {
                return 0;
            }
        }
    }

    public void Dispose() => Socket.Dispose();

    private static int Dispatch<THandler>(ReadOnlySpan<byte> datagram, ref THandler handler)
        where THandler : struct, IRawNetlinkReplyHandler
    {
        int handed = 0;
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryReadNext(out NetlinkMessage message))
        {
            // Control messages are answers to requests, which this socket never sends.
            if (message.Header.Type is NetlinkMessageType.Error or NetlinkMessageType.Done or NetlinkMessageType.Noop or NetlinkMessageType.Overrun)
            {
                continue;
            }

            handler.OnReply(message);
            handed++;
        }

        if (reader.Error.IsError)
        {
            throw new InvalidDataException($"malformed notification: {reader.Error}");
        }

        return handed;
    }
}
