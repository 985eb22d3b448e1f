using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Analyzers.Tests.Builds;

namespace NetDrop.Analyzers.Tests;

/// <summary>
/// Every diagnostic fires in a real `dotnet build` of a project that uses the runtime API and takes the
/// analyzers as a user's project does, with the text a user reads. Each line that must warn ends with a
/// comment naming the ID and the exact message.
/// </summary>
public sealed class RealBuildTests
{
    private const string Sample = """
        using System;
        using System.Buffers.Binary;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using NetDrop;
        using NetDrop.NetDm;
        using NetDrop.Packet;

        [StructLayout(LayoutKind.Sequential)]
        struct cmsghdr
        {
            public nuint cmsg_len;
            public int cmsg_level;
            public int cmsg_type;
        }

        static unsafe class Sample
        {
            const int PACKET_GAPDATA = 15;

            [DllImport("libc", SetLastError = true)]
            static extern int setsockopt(int fd, int level, int optname, void* optval, uint optlen);

            static int CMSG_LEN(int length) => 16 + length;

            static int Switch(DropReason reason)
            {
                switch (reason) //! ND1001: This switch over DropReason has no default arm and does not handle 128 reason(s): NotSpecified, PktTooSmall, TcpCsum, SocketFilter, UdpCsum, NetfilterDrop, Otherhost, IpCsum and 120 more; add cases for them or a default arm
                {
                    case DropReason.NoSocket:
                        return 1;
                }

                return reason switch
                {
                    DropReason.NotSpecified => 0,
                    _ => 1, //! ND1002: The default arm of this switch over DropReason takes 128 reason(s): NoSocket, PktTooSmall, TcpCsum, SocketFilter, UdpCsum, NetfilterDrop, Otherhost, IpCsum and 120 more
                };
            }

            static int Chain(DropReason reason)
            {
                if (reason == DropReason.NoSocket) //! ND1003: This if/else chain over DropReason throws for every reason it does not test, and does not test 127 reason(s): NotSpecified, PktTooSmall, SocketFilter, UdpCsum, NetfilterDrop, Otherhost, IpCsum, IpInhdr and 119 more; handle them before the final else
                    return 1;
                else if (reason == DropReason.TcpCsum)
                    return 2;
                else
                    throw new ArgumentOutOfRangeException(nameof(reason));
            }

            static ulong ControlMessage(cmsghdr* c, ReadOnlySpan<byte> data)
            {
                if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                {
                    return (ulong)CMSG_LEN(16) + MemoryMarshal.Read<tpacket_stats>(data).tp_drops; //! ND1004: PACKET_AUXDATA carries tpacket_auxdata (20 bytes), but this size is 16 bytes; use AfPacketControlMessages.PayloadSize.PACKET_AUXDATA //! ND1005: PACKET_AUXDATA carries tpacket_auxdata (20 bytes); read it as tpacket_auxdata, not tpacket_stats
                }

                if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == PACKET_GAPDATA) //! ND1006: The spec has no control message with level 263 and type 15: 15 at this level is the socket option PACKET_VNET_HDR, and the spec's control messages at level 263 are PACKET_AUXDATA (8)
                {
                    return BinaryPrimitives.ReadUInt32LittleEndian(data);
                }

                return 0;
            }

            static void Options(int fd, Socket socket)
            {
                int version = (int)TpacketVersions.V3;
                setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_VERSION, &version, sizeof(int));
                int blocks = 64;
                setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RX_RING, &blocks, sizeof(int)); //! ND1007: setsockopt(PACKET_RX_RING) on this TPACKET_V3 socket takes tpacket_req3 (28 bytes), not int (4 bytes); pass what the spec gives
                socket.SetRawSocketOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_STATISTICS, new byte[8]); //! ND1008: PACKET_STATISTICS cannot be set: the spec gives it no setsockopt value, and the kernel rejects it with ENOPROTOOPT; read it with getsockopt
                uint reserve = 128;
                setsockopt(fd, AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_RESERVE, &reserve, sizeof(uint)); //! ND1009: PACKET_RESERVE is set after PACKET_RX_RING on the same socket, and the kernel rejects it with EBUSY once a ring exists; set PACKET_RESERVE before PACKET_RX_RING
            }

            static bool Numbers(in NetDrop.Bpf.BpfDropRecord record) =>
                (DropReason)record.ReasonNumber == DropReason.NoSocket //! ND1010: Casting a number to DropReason treats a number as a reason, but the kernel's reason numbers change between kernel versions and are not DropReason's; map the kernel's name with DropReasonCatalog.TryParseKernelName
                || record.ReasonNumber == 12; //! ND1011: 'record.ReasonNumber' is compared with the number 12, but the kernel's reason numbers change between kernel versions; map the reason by name with DropReasonCatalog.TryParseKernelName and compare DropReason values

            static void NetDm(Span<byte> buffer, ushort family)
            {
                NetDmRequests.Start(buffer, family, 1); //! ND1013: This NET_DM START request sets neither sw-drops nor hw-drops, and the NET_DM spec says it should name one of them; pass swDrops: true or hwDrops: true
                NetDmRequests.Config(buffer, family, 2, alertMode: NetDmAlertMode.Packet); //! ND1012: This NET_DM CONFIG request comes after NET_DM START on the same client, and the kernel refuses CONFIG in the 'monitoring' state that START enters; make CONFIG before START, or leave 'monitoring' first
            }
        }
        """;

    [Fact]
    public void Every_diagnostic_fires_in_a_real_build_with_its_text()
    {
        var expected = new List<BuildWarning>();
        string[] lines = Sample.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split("//! ");
            for (int p = 1; p < parts.Length; p++)
            {
                int colon = parts[p].IndexOf(": ", StringComparison.Ordinal);
                expected.Add(new BuildWarning(parts[p][..colon], i + 1, parts[p][(colon + 2)..].TrimEnd()));
            }
        }

        using var build = new SampleBuild();
        // Info diagnostics (ND1002) do not show in build output unless raised; the sample raises it.
        (int exitCode, string output, List<BuildWarning> warnings) = build.Build(
            Sample,
            "is_global = true\ndotnet_diagnostic.ND1002.severity = warning\n",
            TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, "The sample did not build:\n" + output);
        string[] want = expected.Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        string[] got = warnings.Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.True(want.SequenceEqual(got), $"Expected:\n  {string.Join("\n  ", want)}\nGot:\n  {string.Join("\n  ", got)}\nOutput:\n{output}");
        Assert.Equal(13, warnings.Select(w => w.Id).Distinct().Count());
        Assert.All(warnings, w => Assert.Equal(NetDrop.Analyzers.Descriptors.DiagnosticDescriptors.HelpLinkBase + w.Id + ".md", w.HelpLink));
    }

    private static string Describe(BuildWarning warning) => $"{warning.Id} line {warning.Line}: {warning.Message}";
}
