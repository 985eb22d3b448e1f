using System;
using System.Linq;
using NetDrop.SystemChecks;
using NetDrop.Interop;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.SystemChecks;

/// <summary>PACKET_VERSION tried through the generated accessors on a real AF_PACKET socket, with and without CAP_NET_RAW.</summary>
[Trait("Needs", "live-kernel")]
public sealed class TpacketProbeTests
{
    [LiveKernelFact]
    public void Root_may_set_every_version_and_reads_each_back()
    {
        TpacketSupport support = TpacketSupport.Probe();

        Assert.Null(support.Problem);
        Assert.Equal(["TPACKET_V1", "TPACKET_V2", "TPACKET_V3"], support.Versions.Select(v => v.Version));
        Assert.All(support.Versions, v => Assert.True(v.Usable, v.Problem));
        Assert.Equal(new Finding("TPACKET", FindingStatus.Ok, "TPACKET_V1, TPACKET_V2, TPACKET_V3 usable"), support.Assess());
    }

    [LiveKernelFact]
    public void Without_cap_net_raw_the_socket_is_refused_with_eperm()
    {
        TpacketSupport support = ThreadCapabilities.RunWithout([(int)Capability.NetRaw], TpacketSupport.Probe);

        Assert.Empty(support.Versions);
        Assert.Equal(Errno.EPERM, support.Errno);
        Assert.StartsWith("packet socket socket(AF_PACKET) failed: EPERM", support.Problem, StringComparison.Ordinal);
        Assert.Contains("packet sockets need CAP_NET_RAW", support.Problem, StringComparison.Ordinal);
        Assert.Equal(FindingStatus.Warning, support.Assess().Status);
    }
}
