using System.Collections.Generic;
using System.Globalization;
using NetDrop.Cli.Watch.Filter;
using NetDrop.Kernel;

namespace NetDrop.Cli.Watch;

/// <summary>
/// --netns and --iface: the namespace's inode and the interface's index in it, added to the filter as
/// netns == N and ifindex == N, which the BPF program tests in the kernel. An interface index means
/// something only inside its namespace, so --iface alone also keeps to this process's namespace.
/// </summary>
internal static class NamespaceScope
{
    public static (WatchOptions? Options, string? Error) Read(string? netns, string? iface, WatchOptions options)
    {
        if (netns is null && iface is null)
        {
            return (options, null);
        }

        string flags = netns is not null && iface is not null ? "--netns and --iface" : netns is not null ? "--netns" : "--iface";
        if (options.Source is DropSourcePreference.NetDm or DropSourcePreference.Tracepoint)
        {
            return (null, $"{flags} {(netns is not null && iface is not null ? "need" : "needs")} the BPF source (--source bpf or auto): NET_DM and the tracepoint do not say which namespace a drop was in");
        }

        NetworkNamespaceTarget target;
        try
        {
            target = NetworkNamespaceTarget.Resolve(netns, iface);
        }
        catch (NetworkNamespaceException e)
        {
            return (null, (netns is not null ? "--netns" : "--iface") + ": " + e.Message);
        }

        var conditions = new List<(FilterExpression, string)>
        {
            (new NumberTest(FilterField.Netns, FilterTokenKind.Equal, [target.Inode]), "netns == " + target.Inode.ToString(CultureInfo.InvariantCulture)),
        };
        if (target.InterfaceIndex is { } index)
        {
            conditions.Add((new NumberTest(FilterField.IfIndex, FilterTokenKind.Equal, [index]), "ifindex == " + index.ToString(CultureInfo.InvariantCulture)));
        }

        return (options with { Filter = options.Filter.And(conditions), Source = DropSourcePreference.Bpf, NeedsBpf = true }, null);
    }
}
