using System;
using System.IO;
using NetDrop.Tracing;

namespace NetDrop.Cli.Agent;

/// <summary>
/// Whether an open source still records, for the failures that raise no error: the kernel refuses to
/// remove a tracefs instance while its pipes are open, but anyone with rights to tracefs can turn its
/// event or its tracing off, or a remount can take the files away; reads then return nothing forever.
/// Another NET_DM client can stop the session (dropwatch's "stop"), and NET_DM tells its peers nothing.
/// Nothing outside the agent can detach its BPF program (it goes only when the agent closes its perf
/// event, docs/fleet.md), so that source needs no look of its own; its failures surface as errors.
/// </summary>
internal static class SourceHealth
{
    /// <summary>Why the source no longer records, or null when it does.</summary>
    public static string? Problem(DropMonitor monitor)
    {
        if (monitor.NetDm is { } netDm)
        {
            return NetDmProblem(netDm);
        }

        if (monitor.Tracepoint is not { } tracepoint || tracepoint.IsReleased)
        {
            return null;
        }

        string instance = tracepoint.InstancePath;
        try
        {
            if (!Directory.Exists(instance))
            {
                return $"the tracefs instance {instance} is gone (tracefs unmounted or remounted?)";
            }

            string enable = Read(Path.Combine(instance, KfreeSkbFormat.EventPath, "enable"));
            if (enable != "1")
            {
                return $"skb:kfree_skb was disabled in the tracefs instance {instance} (its enable file says {TerminalText.Escape(enable)}) by another process";
            }

            string on = Read(Path.Combine(instance, "tracing_on"));
            if (on != "1")
            {
                return $"tracing was turned off in the tracefs instance {instance} (tracing_on says {TerminalText.Escape(on)}) by another process";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the tracefs instance {instance} cannot be read any more: {e.Message}";
        }

        return null;
    }

    private static string? NetDmProblem(NetDrop.NetDm.NetDmClient netDm)
    {
        if (!netDm.IsMonitoring())
        {
            return "NET_DM stopped monitoring: another client sent NET_DM_CMD_STOP (as dropwatch's \"stop\" does), which NET_DM does not announce; the kernel took a configuration again, which it refuses while monitoring";
        }

        // Monitoring, but in another mode than the agent's packet mode: another client stopped the agent's
        // session and started its own (dropwatch's "stop" then "start", summary mode by default). Its STOP at
        // close would end that client's session, so the agent's is forgotten instead.
        NetDrop.NetDm.NetDmAlertMode? mode = netDm.GetConfig().AlertMode;
        if (mode is not NetDrop.NetDm.NetDmAlertMode.Packet)
        {
            netDm.Abandon();
            return $"NET_DM monitors for another client: its alert mode is {mode?.ToString().ToLowerInvariant() ?? "not reported"}, not the agent's packet mode (a tool stopped the agent's session and started its own, as dropwatch's \"stop\" then \"start\" does); it is opened again when that client stops";
        }

        return null;
    }

    // These files hold a digit and a newline; more than a few bytes means something else is there.
    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        Span<byte> buffer = stackalloc byte[16];
        int length = stream.Read(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]).Trim();
    }
}
