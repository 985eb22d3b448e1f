// ND1007 (value of the wrong type or size) and ND1008 (an option used in a direction the kernel rejects).
using System;
using System.Net.Sockets;
using NetDrop.Packet;
using NetDrop.Interop;

namespace Corpus.Options;

static unsafe class Raw
{
    // case: PACKET_VERSION set from a long
    public static void Version(int fd)
    {
        long version = 2;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, {|ND1007:&version|}, sizeof(long));
    }

    // case: PACKET_VERSION set from an int
    public static void VersionRight(int fd)
    {
        int version = 2;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
    }

    // case: PACKET_RESERVE with a length of 8
    public static void Reserve(int fd)
    {
        uint headroom = 128;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RESERVE, &headroom, {|ND1007:8|});
    }

    // case: statistics read, a getter the kernel has
    public static uint Drops(int fd)
    {
        tpacket_stats stats;
        uint length = (uint)sizeof(tpacket_stats);
        Libc.getsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, &stats, &length);
        return stats.tp_drops;
    }

    // case: reading the ring option back
    public static void ReadRing(int fd)
    {
        tpacket_req req;
        uint length = (uint)sizeof(tpacket_req);
        Libc.getsockopt(fd, Libc.SOL_PACKET, {|ND1008:Libc.PACKET_RX_RING|}, &req, &length);
    }

    // case: setting the statistics
    public static void WriteStats(int fd)
    {
        tpacket_stats stats = default;
        Libc.setsockopt(fd, Libc.SOL_PACKET, {|ND1008:Libc.PACKET_STATISTICS|}, &stats, (uint)sizeof(tpacket_stats));
    }
}

static class Managed
{
    // case: Socket.SetRawSocketOption with an eight-byte value for an int option
    public static void Copy(Socket socket) =>
        socket.SetRawSocketOption(Libc.SOL_PACKET, AfPacketSocketOptions.PACKET_COPY_THRESH, {|ND1007:BitConverter.GetBytes(1L)|});

    // case: Socket.SetRawSocketOption with four bytes
    public static void CopyRight(Socket socket) =>
        socket.SetRawSocketOption(Libc.SOL_PACKET, AfPacketSocketOptions.PACKET_COPY_THRESH, BitConverter.GetBytes(1));

    // case: the library's PacketSocket.SetOption given a ulong for PACKET_VERSION
    public static void Library(PacketSocket socket)
    {
        ulong version = 2;
        socket.SetOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, "PACKET_VERSION", {|ND1007:version|});
    }

    // case: the library's PacketSocket.SetOption given an int
    public static void LibraryRight(PacketSocket socket) =>
        socket.SetOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, "PACKET_VERSION", 2);

    // case: the library's GetOption into the v1 stats struct, no version known
    public static uint LibraryStats(PacketSocket socket)
    {
        socket.GetOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_STATISTICS, "PACKET_STATISTICS", out tpacket_stats stats);
        return stats.tp_drops;
    }

    // case: the library's GetOption into a long for PACKET_HDRLEN
    public static long HeaderLength(PacketSocket socket)
    {
        socket.GetOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_HDRLEN, "PACKET_HDRLEN", out {|ND1007:long length|});
        return length;
    }

    // case: the generated typed setter
    public static void Typed(PacketSocket socket) => socket.SetVersion((int)TpacketVersions.V3);
}

static class Helpers
{
    // A team's own generic wrapper over the library.
    static void SetOpt<T>(ISocketOptions socket, int name, T value) where T : unmanaged =>
        socket.SetOption(AfPacketSocketLevels.SOL_PACKET, name, "option", value);

    // case: the generic helper given a ulong for PACKET_VERSION
    public static void Wide(PacketSocket socket) => SetOpt(socket, AfPacketSocketOptions.PACKET_VERSION, {|ND1007:2UL|});

    // case: the generic helper given an int
    public static void Narrow(PacketSocket socket) => SetOpt(socket, AfPacketSocketOptions.PACKET_VERSION, 2);

    // case: the generic helper given a ring request for the ring
    public static void Ring(PacketSocket socket) => SetOpt(socket, AfPacketSocketOptions.PACKET_RX_RING, new tpacket_req { tp_block_size = 4096, tp_block_nr = 4, tp_frame_size = 2048, tp_frame_nr = 8 });

    // case: an option number that is not a constant
    public static void Dynamic(PacketSocket socket, int name) => SetOpt(socket, name, 2L);
}
