using NetDrop.Packet;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Packet;

/// <summary>
/// PACKET_HDRLEN reads the version in: the generated getter passes it, and the kernel answers with that
/// version's frame header size (packet_getsockopt: sizeof tpacket2_hdr or tpacket3_hdr, without the
/// sockaddr_ll the TPACKET*_HDRLEN macros add).
/// </summary>
[Trait("Needs", "live-kernel")]
public sealed class PacketHeaderLengthLiveTests
{
    [LiveKernelFact]
    public unsafe void The_header_length_is_the_asked_versions_header_size()
    {
        using PacketSocket socket = PacketSocket.Open();

        socket.GetHdrlen((int)TpacketVersions.V1, out int v1);
        socket.GetHdrlen((int)TpacketVersions.V2, out int v2);
        socket.GetHdrlen((int)TpacketVersions.V3, out int v3);

        Assert.Equal(sizeof(tpacket_hdr), v1);
        Assert.Equal(sizeof(tpacket2_hdr), v2);
        Assert.Equal(sizeof(tpacket3_hdr), v3);
        // The numbers a C program's getsockopt prints on x86_64 (gcc, <linux/if_packet.h>).
        Assert.Equal((32, 32, 48), (v1, v2, v3));
    }
}
