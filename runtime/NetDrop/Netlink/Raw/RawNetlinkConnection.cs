using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Text;
using NetDrop.Interop;
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
    // A dump part is at most NLMSG_GOODSIZE-ish, or 32 KiB for rtnetlink with a large buffer.
    private readonly byte[] _receive = new byte[64 * 1024];
    private readonly byte[] _send = new byte[4096];
    private readonly NetlinkSocket _socket;
    private uint _sequence;

    private RawNetlinkConnection(NetlinkSocket socket)
    {
        _socket = socket;
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>How long a request waits for its reply (each part of a dump) before it fails.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public NetlinkSocket Socket => _socket;

    /// <summary>Messages that arrived for other sequence numbers (late replies to earlier requests), skipped.</summary>
    public long StaleMessagesSkipped { get; private set; }

    /// <summary>Opens a socket of a classic netlink protocol in the calling thread's network namespace.</summary>
    /// <exception cref="ArgumentException"><paramref name="protocol"/> is generic netlink, which <see cref="GenericNetlinkConnection"/> speaks.</exception>
    public static RawNetlinkConnection Open(NetlinkProtocol protocol)
    {
        if (protocol == NetlinkProtocol.Generic)
        {
            throw new ArgumentException("generic netlink families go through GenericNetlinkConnection", nameof(protocol));
        }

        NetlinkSocket socket = NetlinkSocket.Open(protocol);
        socket.EnableExtendedAcks();
        return new RawNetlinkConnection(socket);
    }

    /// <summary>The buffer to build the next request in, and the sequence number it must carry.</summary>
    public Span<byte> BeginRequest(out uint sequence)
    {
        sequence = unchecked(++_sequence);
        return _send;
    }

    /// <summary>
    /// Sends the <paramref name="length"/> bytes built in the request buffer and hands every reply to
    /// <paramref name="handler"/>; returns when the kernel ACKs (or ends the dump), throws when it
    /// answers with an error.
    /// </summary>
    /// <param name="request">Names the request in errors, e.g. "RTM_GETLINK".</param>
    public void Execute<THandler>(int length, string request, ref THandler handler, ErrnoHint? hint = null)
        where THandler : struct, IRawNetlinkReplyHandler
    {
        if (!NetlinkMessageHeader.TryRead(_send, out NetlinkMessageHeader sent) || sent.Length != (uint)length)
        {
            throw new ArgumentException("the request buffer does not hold one message of the given length", nameof(length));
        }

        bool dump = (sent.Flags & NetlinkMessageFlags.Dump) == NetlinkMessageFlags.Dump;
        _socket.Send(_send.AsSpan(0, length));
        long deadline = Stopwatch.GetTimestamp() + (long)(ReplyTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            switch (_socket.TryReceive(_receive, out int received))
            {
                case NetlinkReceiveStatus.Received:
                    if (Dispatch(_receive.AsSpan(0, received), sent, dump, request, ref handler, hint))
                    {
                        return;
                    }

                    // Each part of a dump gets the whole timeout.
                    deadline = Stopwatch.GetTimestamp() + (long)(ReplyTimeout.TotalSeconds * Stopwatch.Frequency);
                    continue;
                case NetlinkReceiveStatus.Overrun:
                    continue;
            }

            TimeSpan remaining = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (remaining <= TimeSpan.Zero || !_socket.Wait(remaining))
            {
                throw new TimeoutException($"{request}: no reply from the kernel within {ReplyTimeout.TotalSeconds:0.#} s" +
                    (_socket.OverrunReports > 0 ? " (the socket overflowed, so the reply may have been dropped)" : ""));
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Walks one datagram; true when the request is finished.</summary>
    private bool Dispatch<THandler>(ReadOnlySpan<byte> datagram, NetlinkMessageHeader sent, bool dump, string request, ref THandler handler, ErrnoHint? hint)
        where THandler : struct, IRawNetlinkReplyHandler
    {
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryReadNext(out NetlinkMessage message))
        {
            NetlinkMessageHeader header = message.Header;
            if (header.Sequence != sent.Sequence || header.PortId != _socket.PortId)
            {
                StaleMessagesSkipped++;
                continue;
            }

            switch (header.Type)
            {
                case NetlinkMessageType.Error:
                    if (!NetlinkErrorMessage.TryParse(message, out NetlinkErrorMessage error))
                    {
                        throw new InvalidDataException($"{request}: the kernel's NLMSG_ERROR reply is malformed ({message.Payload.Length} bytes)");
                    }

                    if (error.IsAck)
                    {
                        if (!dump)
                        {
                            return true;
                        }

                        continue;
                    }

                    throw Failure(request, error.Errno, hint, error.ExtAckMessageUtf8, error.MissingAttributeType);
                case NetlinkMessageType.Done:
                    if (message.Payload.Length >= 4 && BinaryPrimitives.ReadInt32LittleEndian(message.Payload) is < 0 and int code)
                    {
                        throw Failure(request, ErrnoText.FromKernel(code), hint, default, null);
                    }

                    return true;
                case NetlinkMessageType.Noop:
                case NetlinkMessageType.Overrun:
                    continue;
            }

            handler.OnReply(message);
        }

        if (reader.Error.IsError)
        {
            throw new InvalidDataException($"{request}: malformed reply: {reader.Error}");
        }

        return false;
    }

    private static NetlinkRequestException Failure(string request, Errno errno, ErrnoHint? hint, ReadOnlySpan<byte> kernelMessage, uint? missing) =>
        new(request, errno, hint?.Invoke(errno) ?? ErrnoHints.Common(errno),
            kernelMessage.IsEmpty ? null : Encoding.UTF8.GetString(kernelMessage.TrimEnd((byte)0)), missing);
}
