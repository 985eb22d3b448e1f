using System.Linq;
using NetDrop.NetDm;
using NetDrop.Netlink.Generic;

namespace NetDrop.Tests.GenericNetlink;

/// <summary>What NetDmClient.Open does on this machine's kernel, with or without NET_DM.</summary>
public sealed class NetDmAvailabilityTests
{
    [Fact]
    public void Opening_the_client_matches_whether_the_kernel_lists_NET_DM()
    {
        bool listed;
        using (GenericNetlinkConnection connection = GenericNetlinkConnection.Open())
        {
            listed = connection.ListFamilies().Any(f => f.Name == "NET_DM");
        }

        if (listed)
        {
            using NetDmClient client = NetDmClient.Open();
            Assert.Equal("NET_DM", client.Family.Name);
            Assert.Equal(0, (int)client.Monitoring);
            return;
        }

        // Resolving by name would load drop_monitor where it is a module; this kernel has neither.
        var error = Assert.Throws<NetDmUnavailableException>(() => NetDmClient.Open());
        Assert.Equal(NetDmUnavailableException.Describe(NetDmUnavailableException.CanLoadModules()), error.Message);
        var lookup = Assert.IsType<GenericNetlinkFamilyNotFoundException>(error.InnerException);
        Assert.Equal("NET_DM", lookup.Family);
    }
}
