using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NetDrop.Kernel;
using NetDrop.Netlink.Raw;
using NetDrop.Netlink.Sockets;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The 'links-child NETNS' mode: the whole process the links benchmark runs beside ip and pyroute2.
/// It enters the namespace, dumps its links through the generated rt-link code, and prints a line per
/// link (index, name, MTU, MAC, operstate, master, kind), as 'ip link' would.
/// </summary>
internal static class LinkDumpChild
{
    public static int Run(string netns)
    {
        using NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(netns);
        using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
        List<LinkRecord> links = LinkDump.Collect(connection);
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        foreach (LinkRecord link in links)
        {
            output.Write(link.Index);
            output.Write(' ');
            output.Write(link.Name);
            output.Write(' ');
            output.Write(link.Mtu);
            output.Write(' ');
            output.Write(link.Address);
            output.Write(' ');
            output.Write(link.OperState);
            output.Write(' ');
            output.Write(link.Master);
            output.Write(' ');
            output.WriteLine(link.Kind);
        }

        return 0;
    }
}
