using System.Threading.Tasks;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>ND1004 (CMSG size), ND1005 (payload read as another type), ND1006 (no such control message).</summary>
public sealed class ControlMessageTests
{
    internal const string Cmsg = """
        using System;
        using System.Buffers.Binary;
        using System.Runtime.InteropServices;
        using NetDrop.Packet;

        [StructLayout(LayoutKind.Sequential)]
        struct cmsghdr
        {
            public nuint cmsg_len;
            public int cmsg_level;
            public int cmsg_type;
        }

        static unsafe class Cmsg
        {
            public static int CMSG_ALIGN(int length) => (length + 7) & ~7;
            public static int CMSG_LEN(int length) => 16 + length;
            public static int CMSG_SPACE(int length) => 16 + CMSG_ALIGN(length);
            public static byte* CMSG_DATA(cmsghdr* header) => (byte*)header + 16;
        }

        """;

    [Fact]
    public async Task Sizes_other_than_the_payload_fire()
    {
        await AnalyzerVerifier.VerifyAsync(Cmsg + """
            static unsafe class C
            {
                static bool M(cmsghdr* c)
                {
                    if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                    {
                        return (int)c->cmsg_len >= Cmsg.CMSG_LEN({|#0:16|});
                    }

                    if (c->cmsg_type == AfPacketControlMessages.SO_RXQ_OVFL && (int)c->cmsg_len == Cmsg.CMSG_LEN({|#1:sizeof(ulong)|}))
                    {
                        return true;
                    }

                    switch (c->cmsg_type)
                    {
                        case AfPacketControlMessages.SO_TIMESTAMPNS:
                            return (int)c->cmsg_len == Cmsg.CMSG_SPACE({|ND1004:Marshal.SizeOf<tpacket_stats>()|});
                    }

                    return false;
                }

                static cmsghdr Build() => new cmsghdr
                {
                    cmsg_level = AfPacketSocketLevels.SOL_PACKET,
                    cmsg_type = AfPacketControlMessages.PACKET_AUXDATA,
                    cmsg_len = (nuint)Cmsg.CMSG_LEN({|ND1004:sizeof(int) * 4|}),
                };
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1004").WithLocation(0)
                .WithMessage("PACKET_AUXDATA carries tpacket_auxdata (20 bytes), but this size is 16 bytes; use AfPacketControlMessages.PayloadSize.PACKET_AUXDATA"),
            AnalyzerVerifier.Diagnostic("ND1004").WithLocation(1)
                .WithMessage("SO_RXQ_OVFL carries uint (4 bytes), but this size is 8 bytes; use AfPacketControlMessages.PayloadSize.SO_RXQ_OVFL"));
    }

    [Fact]
    public async Task Payload_sizes_from_constants_and_folding_are_silent()
    {
        await AnalyzerVerifier.VerifyAsync(Cmsg + """
            static unsafe class C
            {
                static int M(cmsghdr* c)
                {
                    if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                    {
                        return Cmsg.CMSG_LEN(AfPacketControlMessages.PayloadSize.PACKET_AUXDATA) + Cmsg.CMSG_SPACE(4 * 5) + Cmsg.CMSG_SPACE(sizeof(tpacket_auxdata)) + Cmsg.CMSG_LEN(tpacket_auxdata.Size);
                    }

                    if (c->cmsg_type is AfPacketControlMessages.SO_RXQ_OVFL)
                    {
                        return Cmsg.CMSG_LEN(sizeof(uint));
                    }

                    // A buffer for any message: no message is named here, so nothing to compare.
                    return Cmsg.CMSG_SPACE(64);
                }
            }
            """);
    }

    [Fact]
    public async Task Reading_the_payload_as_another_type_fires()
    {
        await AnalyzerVerifier.VerifyAsync(Cmsg + """
            static unsafe class C
            {
                static ulong M(cmsghdr* c, ReadOnlySpan<byte> data)
                {
                    if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                    {
                        tpacket_auxdata aux = MemoryMarshal.Read<tpacket_auxdata>(data);
                        uint status = MemoryMarshal.Read<uint>(data);
                        tpacket_auxdata.TryRead(data, out tpacket_auxdata again);
                        var stats = {|#0:MemoryMarshal.Read<tpacket_stats>(data)|};
                        {|ND1005:tpacket_stats.TryRead(data, out _)|};
                        return aux.tp_len + status + stats.tp_drops;
                    }

                    if (c->cmsg_level == AfPacketSocketLevels.SOL_SOCKET && c->cmsg_type == AfPacketControlMessages.SO_RXQ_OVFL)
                    {
                        uint drops = BinaryPrimitives.ReadUInt32LittleEndian(data) + *(uint*)Cmsg.CMSG_DATA(c);
                        return drops + {|#1:BinaryPrimitives.ReadUInt64LittleEndian(data)|} + *{|ND1005:(ulong*)Cmsg.CMSG_DATA(c)|};
                    }

                    return 0;
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1005").WithLocation(0)
                .WithMessage("PACKET_AUXDATA carries tpacket_auxdata (20 bytes); read it as tpacket_auxdata, not tpacket_stats"),
            AnalyzerVerifier.Diagnostic("ND1005").WithLocation(1)
                .WithMessage("SO_RXQ_OVFL carries uint (4 bytes); read it as uint, not ulong"));
    }

    [Fact]
    public async Task Gapdata_and_wrong_levels_fire()
    {
        await AnalyzerVerifier.VerifyAsync(Cmsg + """
            static unsafe class C
            {
                const int PACKET_GAPDATA = 15;

                static int M(cmsghdr* c)
                {
                    if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && {|#0:c->cmsg_type == PACKET_GAPDATA|})
                    {
                        return 1;
                    }

                    if ({|#1:c->cmsg_level == AfPacketSocketLevels.SOL_SOCKET|} && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                    {
                        return 2;
                    }

                    return 0;
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1006").WithLocation(0)
                .WithMessage("The spec has no control message with level 263 and type 15: 15 at this level is the socket option PACKET_VNET_HDR, and the spec's control messages at level 263 are PACKET_AUXDATA (8)"),
            AnalyzerVerifier.Diagnostic("ND1006").WithLocation(1)
                .WithMessage("The spec has no control message with level 1 and type 8: PACKET_AUXDATA arrives at level 263, not 1; test the level it has"));
    }

    [Fact]
    public async Task Numbers_of_known_messages_and_other_levels_are_silent()
    {
        await AnalyzerVerifier.VerifyAsync(Cmsg + """
            static unsafe class C
            {
                const int IPPROTO_IP = 0;
                const int IP_PKTINFO = 8;

                static int M(cmsghdr* c, ReadOnlySpan<byte> data)
                {
                    if (c->cmsg_level == 263 && c->cmsg_type == 8)
                    {
                        return MemoryMarshal.Read<tpacket_auxdata>(data).tp_mac;
                    }

                    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
                    {
                        return MemoryMarshal.Read<long>(data) > 0 ? 1 : 0;
                    }

                    if (c->cmsg_level == AfPacketSocketLevels.SOL_SOCKET && c->cmsg_type == AfPacketControlMessages.SO_TIMESTAMPNS)
                    {
                        return (int)MemoryMarshal.Read<timespec>(data).tv_sec;
                    }

                    return 0;
                }
            }
            """);
    }
}
