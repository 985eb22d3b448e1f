using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using NetDrop.Interop;
using NetDrop.Netlink.Control;
using NetDrop.Netlink.Sockets;

namespace NetDrop.Netlink.Generic;

/// <summary>
/// Request and reply over a generic netlink socket: sequence numbers, ACKs, multi-part dumps, and
/// NLMSG_ERROR turned into <see cref="NetlinkRequestException"/> with the kernel's extended ACK.
/// Family and group ids come from the controller (nlctrl), through the code generated from the
/// kernel's own nlctrl.yaml. Not thread-safe: one request at a time.
/// </summary>
public sealed class GenericNetlinkConnection : IDisposable
{
    // Replies are at most a page or two (NLMSG_GOODSIZE); a dump part fits easily.
    private readonly byte[] _receive = new byte[64 * 1024];
    private readonly byte[] _send = new byte[4096];
    private readonly NetlinkSocket _socket;
    private uint _sequence;

    private GenericNetlinkConnection(NetlinkSocket socket)
    {
        _socket = socket;

        // Distinct starting points keep replies to an earlier process on a reused port id apart.
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>How long a request waits for its reply before it fails.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public NetlinkSocket Socket => _socket;

    /// <summary>Messages that arrived for other sequence numbers (late replies to earlier requests), skipped.</summary>
    public long StaleMessagesSkipped { get; private set; }

    public static GenericNetlinkConnection Open()
    {
        NetlinkSocket socket = NetlinkSocket.Open(NetlinkProtocol.Generic);
        socket.EnableExtendedAcks();
        return new GenericNetlinkConnection(socket);
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
    /// <param name="request">Names the request in errors, e.g. "NET_DM_CMD_START".</param>
    /// <param name="hint">Says what an errno means for this request.</param>
    public void Execute<THandler>(int length, string request, ref THandler handler, ErrnoHint? hint = null)
        where THandler : struct, INetlinkReplyHandler
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

                    continue;
                case NetlinkReceiveStatus.Overrun:
                    // Only replies come to this socket; an overrun means a reply may be gone, and the
                    // timeout below will say so if it was ours.
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

    /// <summary>Looks a family up by name (CTRL_CMD_GETFAMILY).</summary>
    /// <exception cref="GenericNetlinkFamilyNotFoundException">The kernel has no such family.</exception>
    public GenericNetlinkFamily ResolveFamily(string name, string? notFoundHint = null)
    {
        Span<byte> buffer = BeginRequest(out uint sequence);
        int length = NlctrlRequests.Getfamily(buffer, NetlinkMessageType.GenericControl, sequence, familyName: name);
        var collector = new FamilyCollector(new List<GenericNetlinkFamily>(1));
        try
        {
            Execute(length, $"CTRL_CMD_GETFAMILY \"{name}\"", ref collector, ErrnoHints.Common);
        }
        catch (NetlinkRequestException e) when (e.Errno == Errno.ENOENT)
        {
            throw new GenericNetlinkFamilyNotFoundException(name, notFoundHint, e.KernelMessage);
        }

        foreach (GenericNetlinkFamily family in collector.Families)
        {
            if (family.Name == name)
            {
                return family;
            }
        }

        throw new InvalidOperationException($"CTRL_CMD_GETFAMILY \"{name}\" was acknowledged without describing the family");
    }

    /// <summary>Every family this kernel has (a CTRL_CMD_GETFAMILY dump, read part by part).</summary>
    public IReadOnlyList<GenericNetlinkFamily> ListFamilies()
    {
        Span<byte> buffer = BeginRequest(out uint sequence);
        int length = NlctrlRequests.GetfamilyDump(buffer, NetlinkMessageType.GenericControl, sequence);
        var collector = new FamilyCollector(new List<GenericNetlinkFamily>());
        Execute(length, "CTRL_CMD_GETFAMILY dump", ref collector, ErrnoHints.Common);
        return collector.Families;
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Walks one datagram; true when the request is finished.</summary>
    private bool Dispatch<THandler>(ReadOnlySpan<byte> datagram, NetlinkMessageHeader sent, bool dump, string request, ref THandler handler, ErrnoHint? hint)
        where THandler : struct, INetlinkReplyHandler
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

            if (!GenericNetlinkHeader.TryParse(message.Payload, out GenericNetlinkHeader generic, out ReadOnlySpan<byte> attributes))
            {
                throw new InvalidDataException($"{request}: a reply of {message.Payload.Length} bytes has no generic netlink header");
            }

            handler.OnReply(message, generic, attributes);
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

    private readonly struct FamilyCollector : INetlinkReplyHandler
    {
        public FamilyCollector(List<GenericNetlinkFamily> families) => Families = families;

        public List<GenericNetlinkFamily> Families { get; }

        public void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
        {
            NlctrlCtrlAttributes family = NlctrlCtrlAttributes.Parse(attributes);
            if (family.GetFamilyName() is not { } name || family.FamilyId is not { } id)
            {
                return;
            }

            var groups = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (NlctrlMcastGroupAttributes group in family.McastGroups)
            {
                if (group.GetName() is { } groupName && group.Id is { } groupId)
                {
                    groups[groupName] = groupId;
                }
            }

            Families.Add(new GenericNetlinkFamily(name, id, family.Version ?? 0, groups));
        }
    }
}
