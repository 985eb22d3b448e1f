using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Text;
using NetDrop.Interop;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Raw;
using NetDrop.Netlink.Sockets;

namespace NetDrop.Netlink;

/// <summary>
/// One request and its replies on a netlink socket, whatever the protocol: the request buffer and its
/// sequence numbers, ACKs, multi-part dumps, late replies skipped, and NLMSG_ERROR turned into
/// <see cref="NetlinkRequestException"/> with the kernel's extended ACK. <see cref="GenericNetlinkConnection"/>
/// and <see cref="RawNetlinkConnection"/> are this plus what their protocol adds. Not thread-safe.
/// </summary>
internal sealed class NetlinkExchange : IDisposable
{
    // Replies are at most a page or two (NLMSG_GOODSIZE), or 32 KiB for rtnetlink with a large buffer.
    private readonly byte[] _receive = new byte[64 * 1024];
    private readonly byte[] _send = new byte[4096];
    private uint _sequence;

    public NetlinkExchange(NetlinkProtocol protocol)
    {
        Socket = NetlinkSocket.Open(protocol);
        Socket.EnableExtendedAcks();

        // Distinct starting points keep replies to an earlier process on a reused port id apart.
        _sequence = (uint)Environment.TickCount;
    }

    public NetlinkSocket Socket { get; }

    /// <summary>Messages that arrived for other sequence numbers (late replies to earlier requests), skipped.</summary>
    public long StaleMessagesSkipped { get; private set; }

    /// <summary>The buffer to build the next request in, and the sequence number it must carry.</summary>
    public Span<byte> BeginRequest(out uint sequence)
    {
        sequence = unchecked(++_sequence);
        return _send;
    }

    /// <summary>
    /// Sends the <paramref name="length"/> bytes built in the request buffer and hands every reply to
    /// <paramref name="handler"/>; returns when the kernel ACKs (or ends the dump), throws when it answers
    /// with an error or nothing comes within <paramref name="timeout"/> (each part of a dump gets all of it).
    /// </summary>
    public void Execute<THandler>(int length, string request, ref THandler handler, ErrnoHint? hint, TimeSpan timeout)
        where THandler : struct, IRawNetlinkReplyHandler
    {
        if (!NetlinkMessageHeader.TryRead(_send, out NetlinkMessageHeader sent) || sent.Length != (uint)length)
        {
            throw new ArgumentException("the request buffer does not hold one message of the given length", nameof(length));
        }

        bool dump = (sent.Flags & NetlinkMessageFlags.Dump) == NetlinkMessageFlags.Dump;
        Socket.Send(_send.AsSpan(0, length));
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            switch (Socket.TryReceive(_receive, out int received))
            {
                case NetlinkReceiveStatus.Received:
                    if (Dispatch(_receive.AsSpan(0, received), sent, dump, request, ref handler, hint))
                    {
                        return;
                    }

                    deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
                    continue;
                case NetlinkReceiveStatus.Overrun:
                    // Only replies come to this socket; an overrun means a reply may be gone, and the
                    // timeout below will say so if it was ours.
                    continue;
            }

            TimeSpan remaining = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (remaining <= TimeSpan.Zero || !Socket.Wait(remaining))
            {
                throw new TimeoutException($"{request}: no reply from the kernel within {timeout.TotalSeconds:0.#} s" +
                    (Socket.OverrunReports > 0 ? " (the socket overflowed, so the reply may have been dropped)" : ""));
            }
        }
    }

    public void Dispose() => Socket.Dispose();

    /// <summary>Walks one datagram; true when the request is finished.</summary>
    private bool Dispatch<THandler>(ReadOnlySpan<byte> datagram, NetlinkMessageHeader sent, bool dump, string request, ref THandler handler, ErrnoHint? hint)
        where THandler : struct, IRawNetlinkReplyHandler
    {
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryReadNext(out NetlinkMessage message))
        {
            NetlinkMessageHeader header = message.Header;
            if (header.Sequence != sent.Sequence || header.PortId != Socket.PortId)
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
                        // A dump ends with NLMSG_DONE; an ACK before it only answers the request flags.
                        if (!dump)
                        {
                            return true;
                        }

                        continue;
                    }

                    throw Failure(request, error.Errno, hint, error.ExtAckMessageUtf8, error.MissingAttributeType);
                case NetlinkMessageType.Done:
                    // A dump that failed part-way says so in NLMSG_DONE's int.
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
