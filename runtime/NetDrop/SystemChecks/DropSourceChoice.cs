using System;
using System.IO;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Sockets;
using NetDrop.Tracing;

namespace NetDrop.SystemChecks;

/// <summary>
/// The source <see cref="DropMonitor"/> chooses here, found by opening it and closing it again, with
/// its own explanation. It is not opened when that would leave something behind: a drop_monitor
/// module loaded, or tracefs mounted.
/// </summary>
/// <param name="Source">The source chosen; null when none can be used.</param>
/// <param name="Explanation">Which and why, in DropMonitor's words when it was opened, or why none can be.</param>
/// <param name="Opened">The source was opened and closed again; false when the choice was inferred without opening it.</param>
public sealed record DropSourceChoice(DropSource? Source, string Explanation, bool Opened)
{
    /// <summary>Opens DropMonitor as netdrop watch would, closes it, and puts NET_DM's configuration back as it was.</summary>
    public static DropSourceChoice Probe(NetDmAvailability netDm, TracefsAvailability tracefs)
    {
        if (netDm.Loadable)
        {
            return new DropSourceChoice(DropSource.NetDm,
                "NET_DM, once the kernel loads the drop_monitor module as NetDrop opens it as root (not opened here, so that the module stays unloaded)", false);
        }

        if (!netDm.Registered && tracefs.MountPoint is null)
        {
            return tracefs.CanMount
                ? new DropSourceChoice(DropSource.Tracepoint,
                    $"the skb:kfree_skb tracepoint, after NetDrop mounts tracefs at {Tracefs.DefaultMountPoint} as root, because NET_DM is not registered (not opened here, so that tracefs stays unmounted)", false)
                : new DropSourceChoice(null, "none: NET_DM is not registered and this kernel has no tracefs", false);
        }

        NetDmConfig? before = netDm.Registered ? ReadNetDmConfig() : null;
        var options = new DropMonitorOptions
        {
            // Without tracefs mounted, falling back to the tracepoint would mount it: NET_DM only, then.
            Source = tracefs.MountPoint is null ? DropSourcePreference.NetDm : DropSourcePreference.Auto,
            Symbols = KernelSymbols.Parse(TextReader.Null, out _),
            NetDm = new NetDmClientOptions { ReceiveBufferBytes = 64 * 1024 },
            Tracepoint = new KfreeSkbOptions { TracefsPath = tracefs.MountPoint, BufferSizeKilobytes = 4 },
            Bpf = new NetDrop.Bpf.BpfDropSourceOptions { TracefsPath = tracefs.MountPoint, RingBufferSize = 64 * 1024 },
        };
        try
        {
            DropSource source;
            string explanation;
            using (DropMonitor monitor = DropMonitor.Open(options))
            {
                source = monitor.Source;
                explanation = monitor.Explanation;
            }

            return new DropSourceChoice(source, explanation, true);
        }
        catch (Exception e) when (IsUnusable(e) && options.Source == DropSourcePreference.NetDm && tracefs.CanMount)
        {
            return new DropSourceChoice(DropSource.Tracepoint,
                $"the skb:kfree_skb tracepoint, after NetDrop mounts tracefs at {Tracefs.DefaultMountPoint} as root, because NET_DM cannot be used: {OneLine(e.Message)} (not opened here, so that tracefs stays unmounted)", false);
        }
        catch (Exception e) when (IsUnusable(e))
        {
            return new DropSourceChoice(null, "none can be opened: " + OneLine(e.Message), true);
        }
        finally
        {
            // Also when NET_DM took the configuration and then refused to start, and the tracepoint followed.
            if (before is { } config)
            {
                RestoreNetDmConfig(config);
            }
        }
    }

    /// <param name="capabilities">Says whether more rights would help when no source opened.</param>
    public Finding Assess(CapabilitySet capabilities)
    {
        const string Topic = "drop source";
        bool privileged = capabilities.Has(Capability.NetAdmin) && capabilities.Has(Capability.SysAdmin);
        if (Source is null)
        {
            return Finding.Missing(Topic, Explanation,
                privileged ? "see the NET_DM, tracefs and skb:kfree_skb findings above" : "run as root: both sources need privileges");
        }

        return Opened
            ? Finding.Ok(Topic, Explanation)
            : Finding.Warning(Topic, Explanation, "open it as root (DropMonitor.Open) to use it");
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    private static bool IsUnusable(Exception e) => e is DropSourceUnavailableException or NetDmUnavailableException or TracefsUnavailableException
        or NetlinkRequestException or NetlinkSocketException or UnauthorizedAccessException or IOException or FormatException
        or InvalidOperationException or TimeoutException;

    /// <summary>NET_DM's configuration is global and outlives a session: read it so the trial can put it back.</summary>
    private static NetDmConfig? ReadNetDmConfig()
    {
        try
        {
            using NetDmClient client = NetDmClient.Open(new NetDmClientOptions { ReceiveBufferBytes = 64 * 1024 });
            return client.GetConfig();
        }
        catch (Exception e) when (IsUnusable(e))
        {
            return null;
        }
    }

    private static void RestoreNetDmConfig(NetDmConfig config)
    {
        try
        {
            using NetDmClient client = NetDmClient.Open(new NetDmClientOptions { ReceiveBufferBytes = 64 * 1024 });
            client.Configure(config.AlertMode, config.TruncationLength, config.QueueLength);
        }
        catch (Exception e) when (IsUnusable(e))
        {
            // Another session started meanwhile (EBUSY): its own configuration is in force, and stays.
        }
    }
}
