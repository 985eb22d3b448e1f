using System.Threading.Tasks;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>ND1009: PACKET_VERSION, PACKET_RESERVE and friends set after the ring exists.</summary>
public sealed class RingOrderTests
{
    [Fact]
    public async Task Version_and_reserve_after_the_ring_fire()
    {
        await AnalyzerVerifier.VerifyAsync(SocketOptionTests.Native + """
            static unsafe class C
            {
                static void M(int fd, Socket socket)
                {
                    tpacket_req req = default;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
                    int version = (int)TpacketVersions.V2;
                    {|#0:Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, &version, sizeof(int))|};

                    socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_TX_RING, MemoryMarshal.AsBytes(new ReadOnlySpan<tpacket_req>(in req)));
                    {|ND1009:socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RESERVE, BitConverter.GetBytes(64u))|};
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1009").WithLocation(0)
                .WithMessage("PACKET_VERSION is set after PACKET_RX_RING on the same socket, and the kernel rejects it with EBUSY once a ring exists; set PACKET_VERSION before PACKET_RX_RING"));
    }

    [Fact]
    public async Task The_generated_typed_accessors_are_checked_like_setsockopt()
    {
        await AnalyzerVerifier.VerifyAsync(SocketOptionTests.Native + """
            static class D
            {
                static void M(NetDrop.Interop.ISocketOptions socket, NetDrop.Interop.ISocketOptions other)
                {
                    tpacket_req3 req = default;
                    socket.SetVersion((int)TpacketVersions.V3);
                    socket.SetRxRing(in req);
                    other.SetVersion((int)TpacketVersions.V2);
                    socket.GetStatistics(out tpacket_stats_v3 stats);
                    {|#0:socket.SetVersion((int)TpacketVersions.V2)|};
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1009").WithLocation(0)
                .WithMessage("PACKET_VERSION is set after PACKET_RX_RING on the same socket, and the kernel rejects it with EBUSY once a ring exists; set PACKET_VERSION before PACKET_RX_RING"));
    }

    [Fact]
    public async Task Right_order_other_sockets_and_exclusive_branches_are_silent()
    {
        await AnalyzerVerifier.VerifyAsync(SocketOptionTests.Native + """
            static unsafe class C
            {
                static void M(int fd, int other, bool v3)
                {
                    int version = 1;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, &version, sizeof(int));
                    tpacket_req req = default;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
                    Native.setsockopt(other, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, &version, sizeof(int));
                    int copy = 1;
                    Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_COPY_THRESH, &copy, sizeof(int));
                }

                static void Branches(int fd, bool ring)
                {
                    int version = 1;
                    tpacket_req req = default;
                    if (ring)
                    {
                        Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
                    }
                    else
                    {
                        Native.setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, &version, sizeof(int));
                    }
                }

                static void Unknown(Func<int> open)
                {
                    int version = 1;
                    tpacket_req req = default;
                    Native.setsockopt(open(), AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, &req, (uint)sizeof(tpacket_req));
                    Native.setsockopt(open(), AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, &version, sizeof(int));
                }
            }
            """);
    }
}
