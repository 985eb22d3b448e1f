// ND1004 (CMSG size), ND1005 (payload read as another type), ND1006 (no such control message).
using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NetDrop.Packet;

namespace Corpus.Cmsg;

static unsafe class Receive
{
    // case: auxdata read as the spec's struct
    public static uint Length(cmsghdr* c)
    {
        if (c->cmsg_level == Libc.SOL_PACKET && c->cmsg_type == Libc.PACKET_AUXDATA)
        {
            return ((tpacket_auxdata*)Libc.CMSG_DATA(c))->tp_len;
        }

        return 0;
    }

    // case: auxdata read as a stats struct
    public static uint Wrong(cmsghdr* c)
    {
        if (c->cmsg_level == Libc.SOL_PACKET && c->cmsg_type == Libc.PACKET_AUXDATA)
        {
            return {|ND1005:((tpacket_stats*)Libc.CMSG_DATA(c))|}->tp_packets;
        }

        return 0;
    }

    // case: a switch expression over cmsg_type reads the overflow counter as a ulong
    public static ulong Value(cmsghdr* c, ReadOnlySpan<byte> data) => c->cmsg_type switch
    {
        Libc.SO_RXQ_OVFL => {|ND1005:BinaryPrimitives.ReadUInt64LittleEndian(data)|},
        Libc.PACKET_AUXDATA => MemoryMarshal.Read<tpacket_auxdata>(data).tp_len,
        _ => 0,
    };

    // case: a switch expression over cmsg_type reads each payload as its type
    public static ulong ValueRight(cmsghdr* c, ReadOnlySpan<byte> data) => c->cmsg_type switch
    {
        Libc.SO_RXQ_OVFL => BinaryPrimitives.ReadUInt32LittleEndian(data),
        Libc.SO_TIMESTAMPNS => (ulong)MemoryMarshal.Read<timespec>(data).tv_sec,
        _ => 0,
    };

    // case: a switch expression sizing buffers for each message, one wrong
    public static int Space(int type) => type switch
    {
        Libc.PACKET_AUXDATA => Libc.CMSG_SPACE({|ND1004:16|}),
        Libc.SO_RXQ_OVFL => Libc.CMSG_SPACE(sizeof(uint)),
        _ => Libc.CMSG_SPACE(64),
    };

    // case: an expression-bodied predicate tests level and a type that does not exist there
    static bool IsGap(cmsghdr* c) => c->cmsg_level == Libc.SOL_PACKET && {|ND1006:c->cmsg_type == 15|};

    public static bool Gap(cmsghdr* c) => IsGap(c);

    // case: SCM_TIMESTAMPING at SOL_SOCKET is a real message
    public static long Stamp(cmsghdr* c)
    {
        if (c->cmsg_level == Libc.SOL_SOCKET && c->cmsg_type == Libc.SCM_TIMESTAMPING)
        {
            var stamps = (timespec*)Libc.CMSG_DATA(c);
            return stamps[2].tv_sec;
        }

        return 0;
    }

    // case: SO_TIMESTAMP at SOL_SOCKET is a real message
    public static bool Micro(cmsghdr* c) => c->cmsg_level == Libc.SOL_SOCKET && c->cmsg_type == Libc.SO_TIMESTAMP;

    // case: SO_WIFI_STATUS at SOL_SOCKET is a real message
    public static bool Wifi(cmsghdr* c) => c->cmsg_level is Libc.SOL_SOCKET && c->cmsg_type is Libc.SO_WIFI_STATUS;

    // case: auxdata tested at SOL_SOCKET
    public static bool WrongLevel(cmsghdr* c) => {|ND1006:c->cmsg_level == Libc.SOL_SOCKET|} && c->cmsg_type == Libc.PACKET_AUXDATA;

    // case: pattern with and over level and type
    public static bool Aux(cmsghdr* c) => *c is { cmsg_level: Libc.SOL_PACKET, cmsg_type: Libc.PACKET_AUXDATA };

    // case: a type tested alone, any level
    public static bool Overflow(cmsghdr* c) => c->cmsg_type == Libc.SO_RXQ_OVFL;

    // case: a switch statement with an or-pattern of two real SOL_SOCKET messages
    public static int Kind(cmsghdr* c)
    {
        if (c->cmsg_level != Libc.SOL_SOCKET)
        {
            return 0;
        }

        switch (c->cmsg_type)
        {
            case Libc.SO_TIMESTAMPNS or Libc.SO_TIMESTAMPING:
                return 1;
            case Libc.SO_RXQ_OVFL:
                return 2;
            default:
                return 0;
        }
    }

    // case: an IP-level message is none of the spec's business
    public static bool PktInfo(cmsghdr* c) => c->cmsg_level == 0 && c->cmsg_type == 8;
}

static unsafe class Build
{
    // case: building an auxdata header with the wrong length
    public static cmsghdr Aux() => new cmsghdr
    {
        cmsg_level = Libc.SOL_PACKET,
        cmsg_type = Libc.PACKET_AUXDATA,
        cmsg_len = (nuint)Libc.CMSG_LEN({|ND1004:sizeof(long)|}),
    };

    // case: building an overflow header with its payload size
    public static cmsghdr Overflow() => new cmsghdr
    {
        cmsg_level = Libc.SOL_SOCKET,
        cmsg_type = Libc.SO_RXQ_OVFL,
        cmsg_len = (nuint)Libc.CMSG_LEN(sizeof(uint)),
    };

    // case: a length check with the generated payload size
    public static bool Complete(cmsghdr* c) =>
        c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA && (int)c->cmsg_len >= Libc.CMSG_LEN(AfPacketControlMessages.PayloadSize.PACKET_AUXDATA);

    // case: a length check with a wrong size in an if
    public static bool Truncated(cmsghdr* c)
    {
        if (c->cmsg_level == AfPacketSocketLevels.SOL_SOCKET && c->cmsg_type == AfPacketControlMessages.SO_TIMESTAMPNS)
        {
            return (int)c->cmsg_len < Libc.CMSG_LEN({|ND1004:8|});
        }

        return false;
    }
}
