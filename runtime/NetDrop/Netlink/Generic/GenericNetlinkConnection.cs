using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.Interop;
using NetDrop.Netlink.Control;
using NetDrop.Netlink.Raw;
using NetDrop.Netlink.Sockets;

namespace NetDrop.Netlink.Generic;

/// <summary>
/// Request and reply over a generic netlink socket: sequence numbers, ACKs, multi-part dumps, and
/// NLMSG_ERROR turned into <see cref="NetlinkRequestException"/> with the kernel's extended ACK.
/// Family and group ids come from the controller (nlctrl), through the client generated from the
/// kernel's own nlctrl.yaml (<see cref="NlctrlNetlinkClient"/>). Not thread-safe: one request at a time.
/// </summary>
public sealed class GenericNetlinkConnection : IDisposable
{
    private readonly NetlinkExchange _exchange;

    private GenericNetlinkConnection(NetlinkExchange exchange) => _exchange = exchange;

    /// <summary>How long a request waits for its reply (each part of a dump) before it fails.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public NetlinkSocket Socket => _exchange.Socket;

    /// <summary>Messages that arrived for other sequence numbers (late replies to earlier requests), skipped.</summary>
    public long StaleMessagesSkipped => _exchange.StaleMessagesSkipped;

    public static GenericNetlinkConnection Open() => new(new NetlinkExchange(NetlinkProtocol.Generic));

    /// <summary>The buffer to build the next request in, and the sequence number it must carry.</summary>
    public Span<byte> BeginRequest(out uint sequence) => _exchange.BeginRequest(out sequence);

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
        var replies = new GenericReplies<THandler>(handler, request);
        try
        {
            _exchange.Execute(length, request, ref replies, hint, ReplyTimeout);
        }
        finally
        {
            // The handler is a struct: what it gathered comes back even when the request fails part-way.
            handler = replies.Handler;
        }
    }

    /// <summary>Looks a family up by name (CTRL_CMD_GETFAMILY).</summary>
    /// <exception cref="GenericNetlinkFamilyNotFoundException">The kernel has no such family.</exception>
    public GenericNetlinkFamily ResolveFamily(string name, string? notFoundHint = null)
    {
        var collector = new FamilyCollector(new List<GenericNetlinkFamily>(1));
        try
        {
            new NlctrlNetlinkClient(this).Getfamily(ref collector, familyName: name);
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
        var collector = new FamilyCollector(new List<GenericNetlinkFamily>());
        new NlctrlNetlinkClient(this).GetfamilyDump(ref collector);
        return collector.Families;
    }

    public void Dispose() => _exchange.Dispose();

    /// <summary>Each reply's generic netlink header read, then the reply handed to the family's handler.</summary>
    private struct GenericReplies<THandler> : IRawNetlinkReplyHandler
        where THandler : struct, INetlinkReplyHandler
    {
        private readonly string _request;

        public GenericReplies(THandler handler, string request)
        {
            Handler = handler;
            _request = request;
        }

        public THandler Handler;

        public void OnReply(in NetlinkMessage message)
        {
            if (!GenericNetlinkHeader.TryParse(message.Payload, out GenericNetlinkHeader generic, out ReadOnlySpan<byte> attributes))
            {
                throw new InvalidDataException($"{_request}: a reply of {message.Payload.Length} bytes has no generic netlink header");
            }

            Handler.OnReply(message, generic, attributes);
        }
    }

    /// <summary>Each family the controller describes, as a <see cref="GenericNetlinkFamily"/>.</summary>
    private readonly struct FamilyCollector : INlctrlGetfamilyHandler
    {
        public FamilyCollector(List<GenericNetlinkFamily> families) => Families = families;

        public List<GenericNetlinkFamily> Families { get; }

        public void OnGetfamily(NlctrlCtrlAttributes family)
        {
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
