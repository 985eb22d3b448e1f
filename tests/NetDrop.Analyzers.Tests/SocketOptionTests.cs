using System.Threading.Tasks;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>ND1007 (value type or size), ND1008 (direction) on setsockopt, getsockopt, Socket and wrappers.</summary>
public sealed class SocketOptionTests
{
    internal const string Native = """
        using System;
        using System.Net.Sockets;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using NetDrop.Metadata;
        using NetDrop.Packet;
        static unsafe class Native
        {
            [DllImport("libc", SetLastError = true)]
            public static extern int setsockopt(int fd, int level, int optname, void* optval, uint optlen);

            [DllImport("libc", SetLastError = true)]
            public static extern int getsockopt(int fd, int level, int optname, void* optval, uint* optlen);
        }

        """;

    [Fact]
    public async Task Wrong_value_types_fire()
    {
        await AnalyzerVerifier.VerifyAsync(Native + """
            static unsafe class C
            {
                static void M(int fd)
                {
                    long version = 2;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, {|#0:&version|}, sizeof(long));
                }

                static void Ring(int fd)
                {
                    int blocks = 64;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, {|#1:&blocks|}, sizeof(int));
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1007").WithLocation(0)
                .WithMessage("setsockopt(PACKET_VERSION) takes int (4 bytes), not long (8 bytes); pass what the spec gives"),
            AnalyzerVerifier.Diagnostic("ND1007").WithLocation(1)
                .WithMessage("setsockopt(PACKET_RX_RING) takes tpacket_req (16 bytes), or tpacket_req3 (28 bytes) on TPACKET_V3 sockets, not int (4 bytes); pass what the spec gives"));
    }

    [Fact]
    public async Task Wrong_length_fires_at_the_length()
    {
        await AnalyzerVerifier.VerifyAsync(Native + """
            static unsafe class C
            {
                static void M(int fd, Socket socket)
                {
                    tpacket_req req = default;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, &req, {|ND1007:8|});
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_TX_RING, &req, {|ND1007:(uint)Marshal.SizeOf<tpacket_stats>()|});
                    socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_COPY_THRESH, {|ND1007:stackalloc byte[8]|});
                }
            }
            """);
    }

    [Fact]
    public async Task Statistics_into_the_v1_struct_on_a_v3_socket_fires()
    {
        await AnalyzerVerifier.VerifyAsync(Native + """
            static unsafe class C
            {
                static void M(int fd, Socket socket)
                {
                    int version = (int)TpacketVersions.V3;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, &version, sizeof(int));
                    tpacket_stats stats;
                    uint length = (uint)sizeof(tpacket_stats);
                    Native.getsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_STATISTICS, {|#0:&stats|}, &length);
                    tpacket_req ring = default;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, {|ND1007:&ring|}, (uint)sizeof(tpacket_req));

                    socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, BitConverter.GetBytes((int)TpacketVersions.V3));
                    socket.GetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_STATISTICS, {|#1:stackalloc byte[tpacket_stats.Size]|});
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1007").WithLocation(0)
                .WithMessage("getsockopt(PACKET_STATISTICS) on this TPACKET_V3 socket gives tpacket_stats_v3 (12 bytes), not tpacket_stats (8 bytes); pass what the spec gives"),
            AnalyzerVerifier.Diagnostic("ND1007").WithLocation(1)
                .WithMessage("getsockopt(PACKET_STATISTICS) on this TPACKET_V3 socket gives tpacket_stats_v3 (12 bytes), not 8 bytes; pass what the spec gives"));
    }

    [Fact]
    public async Task Values_the_spec_gives_are_silent()
    {
        await AnalyzerVerifier.VerifyAsync(Native + """
            static unsafe class C
            {
                static void M(int fd, Socket socket, ReadOnlySpan<byte> bytes)
                {
                    int version = (int)TpacketVersions.V3;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, &version, sizeof(int));
                    uint reserve = 64;
                    Native.setsockopt(fd, 263, AfPacketSocketOptions.PACKET_RESERVE, &reserve, 4);
                    tpacket_req3 req = default;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, &req, (uint)Unsafe.SizeOf<tpacket_req3>());
                    tpacket_stats_v3 stats;
                    uint length = (uint)sizeof(tpacket_stats_v3);
                    Native.getsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_STATISTICS, &stats, &length);

                    // No version set on this socket: either ring request is one the spec gives.
                    tpacket_req v1 = default;
                    socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, MemoryMarshal.AsBytes(new ReadOnlySpan<tpacket_req>(in v1)));
                    socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_AUXDATA, BitConverter.GetBytes(1));
                    Span<byte> stat = stackalloc byte[tpacket_stats.Size];
                    socket.GetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_STATISTICS, stat);

                    // Bytes of unknown shape, binary options and options that are not constants: nothing to check.
                    socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_FANOUT, bytes);
                    socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_FANOUT_DATA, new byte[100]);
                    int option = AfPacketSocketOptions.PACKET_VERSION;
                    long wide = 2;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, option, &wide, 8);
                }
            }
            """);
    }

    [Fact]
    public async Task Setting_a_read_only_option_or_reading_a_write_only_one_fires()
    {
        await AnalyzerVerifier.VerifyAsync(Native + """
            static unsafe class C
            {
                static void M(int fd, Socket socket)
                {
                    tpacket_stats stats = default;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, {|#0:AfPacketSocketOptions.PACKET_STATISTICS|}, &stats, 8);
                    socket.GetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, {|#1:AfPacketSocketOptions.PACKET_RX_RING|}, stackalloc byte[16]);
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1008").WithLocation(0)
                .WithMessage("PACKET_STATISTICS cannot be set: the spec gives it no setsockopt value, and the kernel rejects it with ENOPROTOOPT; read it with getsockopt"),
            AnalyzerVerifier.Diagnostic("ND1008").WithLocation(1)
                .WithMessage("PACKET_RX_RING cannot be read: the spec gives it no getsockopt value, and the kernel rejects it with ENOPROTOOPT; set it with setsockopt"));
    }

    [Fact]
    public async Task Methods_shaped_like_setsockopt_are_checked_and_others_are_not()
    {
        await AnalyzerVerifier.VerifyAsync(Native + """
            static class Managed
            {
                public static int SetSockOpt(SafeHandle fd, int level, int name, ReadOnlySpan<byte> value, int length) => 0;
                public static int setsockopt(string name, int value) => 0;
            }
            static class C
            {
                static void M(SafeHandle fd)
                {
                    long wide = 2;
                    Managed.SetSockOpt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, {|ND1007:BitConverter.GetBytes(wide)|}, 8);
                    Managed.setsockopt("PACKET_VERSION", AfPacketSocketOptions.PACKET_VERSION);
                }
            }
            """);
    }

    [Fact]
    public async Task Wrappers_marked_with_metadata_are_checked()
    {
        // Issue 5's PacketSocket: its setters carry [SocketOptionSetter], so they are checked for free.
        await AnalyzerVerifier.VerifyAsync(Native + """
            sealed class PacketSocket
            {
                [SocketOptionSetter("option", "value")]
                public void SetOption<T>(int option, in T value) where T : unmanaged { }

                [SocketOptionGetter("option", "value")]
                public void GetOption<T>(int option, out T value) where T : unmanaged => value = default;

                [SocketOptionSetter(263, 10, "version")]
                public void SetVersion(TpacketVersions version) { }

                [SocketOptionSetter(263, 10, "version")]
                public void SetVersionWide(long version) { }

                [SocketOptionSetter("option", "value", SocketParameter = "fd", LengthParameter = "length")]
                public static void Set(int fd, int option, ReadOnlySpan<byte> value, int length) { }
            }
            static class C
            {
                static void M(PacketSocket socket, int fd)
                {
                    socket.SetVersion(TpacketVersions.V3);
                    socket.SetOption(AfPacketSocketOptions.PACKET_RX_RING, {|ND1007:new tpacket_req()|});
                    socket.GetOption(AfPacketSocketOptions.PACKET_STATISTICS, out tpacket_stats_v3 ok);
                    socket.GetOption(AfPacketSocketOptions.PACKET_STATISTICS, {|ND1007:out tpacket_stats wrong|});
                    PacketSocket.Set(fd, AfPacketSocketOptions.PACKET_LOSS, BitConverter.GetBytes(1), {|ND1007:8|});
                }

                static void Wide(PacketSocket socket) => socket.SetVersionWide({|ND1007:2L|});
            }
            """);
    }
}
