using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// Two network namespaces of the harness's own joined by a veth pair: the generator sends from
/// ndbga (namespace ...-gen) to ndbgb (namespace ...-sink), so no frame can leave them. Deleting the
/// namespaces deletes the veth with them; namespaces of a harness that was killed are removed by the next.
/// </summary>
internal sealed class LoadNetwork : IDisposable
{
    public const string Prefix = "ndbench-";
    public const string SenderDevice = "ndbga";
    public const string SinkDevice = "ndbgb";

    private bool _disposed;

    private LoadNetwork(string sender, string sink)
    {
        Sender = sender;
        Sink = sink;
    }

    /// <summary>The generator's namespace.</summary>
    public string Sender { get; }

    /// <summary>The namespace whose veth drops the frames.</summary>
    public string Sink { get; }

    public static LoadNetwork Create()
    {
        string pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var network = new LoadNetwork(Prefix + pid + "-gen", Prefix + pid + "-sink");
        try
        {
            foreach (string ns in new[] { network.Sender, network.Sink })
            {
                Shell.TryRun("ip", "netns", "del", ns);
                Shell.Run("ip", "netns", "add", ns);
                Shell.Run("ip", "-n", ns, "link", "set", "lo", "up");

                // No IPv6 router solicitations or DAD probes: the only traffic is the generator's.
                Shell.Run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            }

            Shell.Run("ip", "-n", network.Sender, "link", "add", SenderDevice, "type", "veth", "peer", "name", SinkDevice, "netns", network.Sink);
            Shell.Run("ip", "-n", network.Sender, "link", "set", SenderDevice, "up");
            Shell.Run("ip", "-n", network.Sink, "link", "set", SinkDevice, "up");
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Deletes ndbench-PID-* namespaces whose process is gone; returns their names.</summary>
    public static IReadOnlyList<string> RemoveStale()
    {
        var removed = new List<string>();
        foreach (string line in Shell.Run("ip", "netns", "list").Split('\n'))
        {
            string name = line.Split(' ', 2)[0].Trim();
            if (IsStale(name))
            {
                Shell.TryRun("ip", "netns", "del", name);
                removed.Add(name);
            }
        }

        return removed;
    }

    /// <summary>True for ndbench-PID-... names whose PID is not a running process.</summary>
    public static bool IsStale(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        string rest = name.Substring(Prefix.Length);
        int dash = rest.IndexOf('-');
        string pid = dash < 0 ? rest : rest.Substring(0, dash);
        return int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !Directory.Exists("/proc/" + pid);
    }

    /// <summary>The sink veth's rx_otherhost_dropped: the kernel's own count of the frames it dropped as another host's.</summary>
    public long SinkOtherhostDrops()
    {
        string json = Shell.Run("ip", "-j", "-s", "-s", "-n", Sink, "link", "show", SinkDevice);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement rx = document.RootElement[0].GetProperty("stats64").GetProperty("rx");

        // iproute2 leaves the counter out while it is 0 (and an iproute2 older than 5.19 never shows it: calibration notices).
        return rx.TryGetProperty("otherhost", out JsonElement otherhost) ? otherhost.GetInt64() : 0;
    }

    /// <summary>The sink veth's interface index in its namespace, as packet sockets bound to it show it.</summary>
    public int SinkIfindex()
    {
        string json = Shell.Run("ip", "-j", "-n", Sink, "link", "show", SinkDevice);
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement[0].GetProperty("ifindex").GetInt32();
    }

    /// <summary>Udp NoPorts of the sender's namespace (/proc/net/snmp): datagrams that found no socket.</summary>
    public long SenderUdpNoPorts()
    {
        string[] lines = Shell.Run("ip", "netns", "exec", Sender, "cat", "/proc/net/snmp").Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (lines[i].StartsWith("Udp:", StringComparison.Ordinal) && lines[i + 1].StartsWith("Udp:", StringComparison.Ordinal))
            {
                int column = Array.IndexOf(lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries), "NoPorts");
                string[] values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (column > 0 && column < values.Length)
                {
                    return long.Parse(values[column], CultureInfo.InvariantCulture);
                }
            }
        }

        throw new HarnessException("/proc/net/snmp has no Udp NoPorts counter");
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Shell.TryRun("ip", "netns", "del", Sender);
        Shell.TryRun("ip", "netns", "del", Sink);
    }
}
