// ND1009: options that shape ring frames set once a ring exists.
using System;
using NetDrop.Packet;

namespace Corpus.Rings;

static unsafe class Raw
{
    static void Ring(int fd, tpacket_req req) => Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));

    // case: version after the ring
    public static void Late(int fd)
    {
        tpacket_req req = new() { tp_block_size = 4096, tp_block_nr = 4, tp_frame_size = 2048, tp_frame_nr = 8 };
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        int version = 1;
        {|ND1009:Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int))|};
    }

    // case: version before the ring
    public static void Early(int fd)
    {
        int version = 1;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        tpacket_req req = new() { tp_block_size = 4096, tp_block_nr = 4, tp_frame_size = 2048, tp_frame_nr = 8 };
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
    }

    // case: the ring removed (tp_block_nr = 0) before the version changes
    public static void Resize(int fd, tpacket_req req)
    {
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        tpacket_req none = default;
        none.tp_block_nr = 0;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &none, (uint)sizeof(tpacket_req));
        int version = 1;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
    }

    // case: ring or version in exclusive branches of an if
    public static void Either(int fd, bool ring, tpacket_req req)
    {
        int version = 2;
        if (ring)
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        }
        else
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        }
    }

    // case: ring and reserve in different switch sections
    public static void Command(int fd, string command, tpacket_req req)
    {
        uint reserve = 32;
        switch (command)
        {
            case "ring":
                Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
                break;
            case "reserve":
                Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RESERVE, &reserve, sizeof(uint));
                break;
        }
    }

    // case: local functions declared ring-first and called version-first
    public static void Setup(int fd, tpacket_req req)
    {
        SetVersion();
        SetRing();

        void SetRing()
        {
            tpacket_req ring = req;
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &ring, (uint)sizeof(tpacket_req));
        }

        void SetVersion()
        {
            int version = 1;
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        }
    }

    // case: reserve after the ring in a loop over sockets, each its own
    public static void Many(int[] fds, tpacket_req req)
    {
        foreach (int fd in fds)
        {
            uint reserve = 32;
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RESERVE, &reserve, sizeof(uint));
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        }
    }

    // case: the ring set, then the version in a conditional that follows it
    public static void Fallback(int fd, tpacket_req req)
    {
        int version = 1;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        if (Environment.GetEnvironmentVariable("V1") is not null)
        {
            {|ND1009:Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int))|};
        }
    }
}

static class Typed
{
    // case: typed accessors in the right order
    public static void Right(PacketSocket socket, tpacket_req3 req)
    {
        socket.SetVersion((int)TpacketVersions.V3);
        socket.SetReserve(32);
        socket.SetRxRing(in req);
    }

    // case: typed reserve after the ring
    public static void Wrong(PacketSocket socket, tpacket_req3 req)
    {
        socket.SetVersion((int)TpacketVersions.V3);
        socket.SetRxRing(in req);
        {|ND1009:socket.SetReserve(32)|};
    }

    // case: two sockets, each in order
    public static void Two(PacketSocket rx, PacketSocket tx, tpacket_req req)
    {
        rx.SetRxRing(in req);
        tx.SetVersion((int)TpacketVersions.V2);
        tx.SetTxRing(in req);
    }

    // case: switch expression picks the ring per mode, version set first
    public static void Mode(PacketSocket socket, int mode, tpacket_req req)
    {
        socket.SetVersion((int)TpacketVersions.V2);
        Action apply = mode switch
        {
            0 => () => socket.SetRxRing(in req),
            _ => () => socket.SetTxRing(in req),
        };
        apply();
    }
}

static unsafe class Versions
{
    // case: TPACKET_V3 chosen, then a v1 ring request
    public static void V3WithV1Request(int fd, tpacket_req req)
    {
        int version = (int)TpacketVersions.V3;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, {|ND1007:&req|}, (uint)sizeof(tpacket_req));
    }

    // case: TPACKET_V3 chosen in a local function called first, then a v1 request in another
    public static void V3InLocals(int fd, tpacket_req req)
    {
        Choose();
        Create();

        void Create()
        {
            tpacket_req copy = req;
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, {|ND1007:&copy|}, (uint)sizeof(tpacket_req));
        }

        void Choose()
        {
            int version = (int)TpacketVersions.V3;
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        }
    }

    // case: TPACKET_V3 in one branch, v1 ring in the other
    public static void V3OrRing(int fd, bool v3, tpacket_req req)
    {
        int version = (int)TpacketVersions.V3;
        if (v3)
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        }
        else
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        }
    }

    // case: statistics after V3 read into the v3 struct
    public static uint Stats(int fd)
    {
        int version = (int)TpacketVersions.V3;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        tpacket_stats_v3 stats;
        uint length = (uint)sizeof(tpacket_stats_v3);
        Libc.getsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, &stats, &length);
        return stats.tp_freeze_q_cnt;
    }

    // case: statistics after V3 read into the v1 struct
    public static uint StatsV1(int fd)
    {
        int version = (int)TpacketVersions.V3;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
        tpacket_stats stats;
        uint length = (uint)sizeof(tpacket_stats);
        Libc.getsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, {|ND1007:&stats|}, &length);
        return stats.tp_drops;
    }

    // case: the ring removed by an initializer with tp_block_nr = 0, then reserve set
    public static void Reinit(int fd, tpacket_req req)
    {
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        var off = new tpacket_req { tp_block_nr = 0, tp_frame_nr = 0 };
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &off, (uint)sizeof(tpacket_req));
        uint reserve = 64;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RESERVE, &reserve, sizeof(uint));
    }

    // case: the ring "removed" with a block count that is not zero, then reserve set
    public static void NotRemoved(int fd, tpacket_req req)
    {
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        var other = req;
        other.tp_block_nr = 2;
        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &other, (uint)sizeof(tpacket_req));
        uint reserve = 64;
        {|ND1009:Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RESERVE, &reserve, sizeof(uint))|};
    }

    // case: version after the ring in a while loop body, the loop ring first
    public static void Loop(int fd, tpacket_req req, int tries)
    {
        int version = 1;
        while (tries-- > 0)
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
            {|ND1009:Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int))|};
        }
    }

    // case: an early return after the ring, version on the other path
    public static void EarlyReturn(int fd, tpacket_req req, bool ring)
    {
        int version = 1;
        if (ring)
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
            return;
        }

        Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int));
    }

    // case: ring set in try, version in finally
    public static void Finally(int fd, tpacket_req req)
    {
        int version = 1;
        try
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
        }
        finally
        {
            {|ND1009:Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, &version, sizeof(int))|};
        }
    }
}
