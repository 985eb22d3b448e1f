using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.Cli.Demo;

/// <summary>
/// Two network namespaces joined by a veth pair, made for the demo and deleted after it: a sender
/// (10.250.0.1) and a receiver (10.250.0.2) with an nft rule dropping UDP port 7777, plus a
/// neighbour entry that sends frames for 10.250.0.3 to a MAC address nobody has.
/// </summary>
internal sealed class DemoNetwork : IDisposable
{
    public const string Subnet = "10.250.0.";
    public const int ClosedPort = 9;
    public const int FilteredPort = 7777;
    public const string Receiver = Subnet + "2";
    public const string Stranger = Subnet + "3";

    private readonly List<string> _created = new();

    private DemoNetwork(string prefix)
    {
        SenderNamespace = prefix + "a";
        ReceiverNamespace = prefix + "b";
    }

    public string SenderNamespace { get; }

    public string ReceiverNamespace { get; }

    /// <summary>Whether nft is on PATH, where running it looks; without it the demo causes no netfilter drops.</summary>
    public static bool HasNftables => NetDrop.Shared.HostTool.Exists("nft");

    public static DemoNetwork Create()
    {
        var network = new DemoNetwork($"netdrop-demo-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-");
        try
        {
            network.Build();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the namespaces, which takes the veth pair and the nft table with them.</summary>
    public void Dispose()
    {
        foreach (string name in _created)
        {
            HostCommand.TryRun("ip", "netns", "del", name);
        }

        _created.Clear();
    }

    private void Build()
    {
        foreach (string name in new[] { SenderNamespace, ReceiverNamespace })
        {
            HostCommand.Run("ip", "netns", "add", name);
            _created.Add(name);
            In(name, "ip", "link", "set", "lo", "up");
        }

        In(SenderNamespace, "ip", "link", "add", "nddemo-a", "type", "veth", "peer", "name", "nddemo-b", "netns", ReceiverNamespace);
        In(SenderNamespace, "ip", "addr", "add", Subnet + "1/24", "dev", "nddemo-a");
        In(SenderNamespace, "ip", "link", "set", "nddemo-a", "up");
        In(ReceiverNamespace, "ip", "addr", "add", Receiver + "/24", "dev", "nddemo-b");
        In(ReceiverNamespace, "ip", "link", "set", "nddemo-b", "up");
        In(SenderNamespace, "ip", "neigh", "add", Stranger, "lladdr", "02:00:00:00:de:99", "dev", "nddemo-a", "nud", "permanent");
        if (!HasNftables)
        {
            return;
        }

        In(ReceiverNamespace, "nft", "add", "table", "inet", "netdrop_demo");
        In(ReceiverNamespace, "nft", "add", "chain", "inet", "netdrop_demo", "input", "{ type filter hook input priority 0; policy accept; }");
        In(ReceiverNamespace, "nft", "add", "rule", "inet", "netdrop_demo", "input", "udp", "dport", FilteredPort.ToString(CultureInfo.InvariantCulture), "drop");
    }

    private static void In(string ns, params string[] command)
    {
        var arguments = new List<string> { "netns", "exec", ns };
        arguments.AddRange(command);
        HostCommand.Run("ip", arguments.ToArray());
    }
}
