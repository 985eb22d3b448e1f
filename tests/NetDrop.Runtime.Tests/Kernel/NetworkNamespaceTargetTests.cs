using System;
using System.Globalization;
using System.IO;
using NetDrop.Kernel;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Kernel;

/// <summary>--netns and --iface: a namespace by name, file or inode, and an interface's index inside it; hostile names refused.</summary>
[Collection(nameof(LiveKernelCollection))]
public sealed class NetworkNamespaceTargetTests
{
    [LiveKernelFact]
    public void A_name_a_path_and_an_inode_give_the_same_namespace_and_the_interface_is_looked_up_inside_it()
    {
        using var ns = new NetworkNamespace();
        ns.Exec("ip", "link", "add", "ndnsta", "type", "veth", "peer", "name", "ndnstb");
        uint inode = uint.Parse(Command.Run("stat", "-L", "-c", "%i", "/run/netns/" + ns.Name).Trim(), CultureInfo.InvariantCulture);
        int index = int.Parse(ns.Exec("cat", "/sys/class/net/ndnsta/ifindex").Trim(), CultureInfo.InvariantCulture);

        Assert.Equal(new NetworkNamespaceTarget(inode, index), NetworkNamespaceTarget.Resolve(ns.Name, "ndnsta"));
        Assert.Equal(new NetworkNamespaceTarget(inode, null), NetworkNamespaceTarget.Resolve("/run/netns/" + ns.Name, null));
        Assert.Equal(new NetworkNamespaceTarget(inode, null), NetworkNamespaceTarget.Resolve(inode.ToString(CultureInfo.InvariantCulture), null));

        // This process's own namespace, and its loopback, without --netns.
        uint own = uint.Parse(Command.Run("stat", "-L", "-c", "%i", "/proc/self/ns/net").Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(new NetworkNamespaceTarget(own, 1), NetworkNamespaceTarget.Resolve(null, "lo"));

        var missing = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespaceTarget.Resolve(ns.Name, "ndnsnone"));
        Assert.Contains("there is no interface ndnsnone in the network namespace " + ns.Name, missing.Message);
    }

    [LiveKernelFact]
    public void A_symbolic_link_among_the_named_namespaces_is_not_followed()
    {
        string link = Path.Combine(NetworkNamespaceEntry.NamedDirectory, "ndnst-link-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(NetworkNamespaceEntry.NamedDirectory);
        File.CreateSymbolicLink(link, "/proc/1/ns/net");
        try
        {
            var error = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespaceTarget.Resolve(Path.GetFileName(link), null));
            Assert.Contains("symbolic link", error.Message);
        }
        finally
        {
            File.Delete(link);
        }
    }

    [Theory]
    [InlineData("..", null, "is not a network namespace name")]
    [InlineData("bad\u001bname", null, "is not a network namespace name")]
    [InlineData("0", null, "is not a namespace inode")]
    [InlineData("99999999999", null, "is not a namespace inode")]
    [InlineData("4026531840", "lo", "cannot be looked up in a namespace given by its inode")]
    [InlineData(null, "a/b", "is not an interface name")]
    [InlineData(null, "sixteen-chars-xx", "is not an interface name")]
    [InlineData(null, "eth 0", "is not an interface name")]
    public void Hostile_or_impossible_input_is_refused_with_what_to_give(string? netns, string? iface, string message)
    {
        var error = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespaceTarget.Resolve(netns, iface));
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
    }

    [LiveKernelFact]
    public void A_file_that_is_not_a_network_namespace_is_refused()
    {
        var error = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespaceTarget.Resolve("/proc/self/ns/uts", null));
        Assert.Contains("it is not a network namespace", error.Message);
    }
}
