using System;
using System.Collections.Generic;
using NetDrop.Load.Benchmarks.RtLink;
using NetDrop.Netlink;
using NetDrop.Netlink.Raw;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// An RTM_GETLINK dump through the code generated from the kernel's rt-link.yaml: on the handler path
/// (each link read in place through the ifinfomsg struct and the link-attrs view, nothing kept) or on
/// an allocating path (a <see cref="LinkRecord"/> per link, its strings decoded, as a program that
/// keeps the links would).
/// </summary>
internal static class LinkDump
{
    /// <summary>Dumps every link on the handler path; the links seen and a checksum of what was read.</summary>
    public static (int Links, long Checksum) Read(RawNetlinkConnection connection)
    {
        var handler = new LinkReadingHandler();
        Execute(connection, ref handler);
        return (handler.Links, handler.Checksum);
    }

    /// <summary>Dumps every link into records.</summary>
    public static List<LinkRecord> Collect(RawNetlinkConnection connection)
    {
        var handler = new LinkRecordHandler(new List<LinkRecord>());
        Execute(connection, ref handler);
        return handler.Records;
    }

    /// <summary>Dumps every link and counts the top-level attributes of each (once, outside the timed runs).</summary>
    public static (int Links, long Attributes) CountAttributes(RawNetlinkConnection connection)
    {
        var handler = new AttributeCountingHandler();
        Execute(connection, ref handler);
        return (handler.Links, handler.Attributes);
    }

    private static void Execute<THandler>(RawNetlinkConnection connection, ref THandler handler)
        where THandler : struct, IRawNetlinkReplyHandler
    {
        Span<byte> buffer = connection.BeginRequest(out uint sequence);
        var writer = new NetlinkWriter(buffer);
        int token = writer.BeginMessage((ushort)RtLinkCommand.Getlink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, sequence);
        writer.WriteFixedHeader(stackalloc byte[Ifinfomsg.Size]);
        connection.Execute(writer.EndMessage(token), "RTM_GETLINK", ref handler);
    }

    private struct LinkReadingHandler : IRawNetlinkReplyHandler
    {
        public int Links;
        public long Checksum;

        public void OnReply(in NetlinkMessage message)
        {
            if (message.Header.Type != (ushort)RtLinkCommand.Newlink || !Ifinfomsg.TryRead(message.Payload, out Ifinfomsg info))
            {
                return;
            }

            RtLinkLinkAttributes link = RtLinkLinkAttributes.Parse(message.Payload.Slice(Ifinfomsg.Size), NetlinkMessageHeader.Size + Ifinfomsg.Size);
            Links++;

            // What 'ip link' prints of a link: index, name, MTU, MAC, state, master, kind.
            Checksum += info.IfiIndex + link.IfnameUtf8.Length + (link.Mtu ?? 0) + link.Address.Length + (link.Operstate ?? 0) + (link.Master ?? 0) + link.Linkinfo.KindUtf8.Length;
        }
    }

    private readonly struct LinkRecordHandler : IRawNetlinkReplyHandler
    {
        public LinkRecordHandler(List<LinkRecord> records) => Records = records;

        public List<LinkRecord> Records { get; }

        public void OnReply(in NetlinkMessage message)
        {
            if (message.Header.Type != (ushort)RtLinkCommand.Newlink || !Ifinfomsg.TryRead(message.Payload, out Ifinfomsg info))
            {
                return;
            }

            RtLinkLinkAttributes link = RtLinkLinkAttributes.Parse(message.Payload.Slice(Ifinfomsg.Size), NetlinkMessageHeader.Size + Ifinfomsg.Size);
            Records.Add(new LinkRecord(info.IfiIndex, link.GetIfname(), link.Mtu, link.FormatAddress(), link.Operstate, link.Master, link.Linkinfo.GetKind()));
        }
    }

    private struct AttributeCountingHandler : IRawNetlinkReplyHandler
    {
        public int Links;
        public long Attributes;

        public void OnReply(in NetlinkMessage message)
        {
            if (message.Header.Type != (ushort)RtLinkCommand.Newlink || message.Payload.Length < Ifinfomsg.Size)
            {
                return;
            }

            Links++;
            var reader = new NetlinkAttributeReader(message.Payload.Slice(Ifinfomsg.Size), NetlinkMessageHeader.Size + Ifinfomsg.Size);
            while (reader.TryReadNext(out _))
            {
                Attributes++;
            }
        }
    }
}

/// <summary>One link as the allocating path keeps it.</summary>
internal sealed record LinkRecord(int Index, string? Name, uint? Mtu, string? Address, byte? OperState, uint? Master, string? Kind);
