using System;
using System.Collections.Generic;
using System.CommandLine;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Cli.Agent;

/// <summary>netdrop agent: its options, help, argument checks (exit 2) and what it runs.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var options = new List<Option<string?>>
        {
            new("--source") { Description = "Where drops are read: auto (NET_DM if the kernel has it and rights allow, else the skb:kfree_skb tracepoint), netdm, tracepoint or bpf.", HelpName = "auto|netdm|tracepoint|bpf" },
            new("--filter") { Description = "Count only the drops this expression selects (docs/filter.md).", HelpName = "EXPR" },
            new("--kernel-filter") { Description = "A filter the kernel applies before recording, in tracefs syntax; the tracepoint source only.", HelpName = "EXPR" },
            new("--listen") { Description = "Serve Prometheus's text format at http://ADDRESS:PORT/metrics, and /healthz.", HelpName = "ADDRESS:PORT" },
            new("--otlp") { Description = "Push the counts (OpenTelemetry metrics, meter \"NetDrop\") to this OTLP endpoint, e.g. http://127.0.0.1:4318.", HelpName = "URL" },
            new("--otlp-protocol") { Description = "OTLP transport: http (default, port 4318) or grpc (port 4317).", HelpName = "http|grpc" },
            new("--otlp-interval") { Description = "Seconds between pushes (1 to 3600, default 10).", HelpName = "SECONDS" },
            new("--log-format") { Description = "Log lines on standard error as text (default) or json (one object per line).", HelpName = "text|json" },
            new("--config") { Description = "Read settings from this file (key = value per line, keys as the options without --; docs/fleet.md); SIGHUP reads it again. Options given here win over the file.", HelpName = "FILE" },
        };
        var takeOver = new Option<bool>("--take-over") { Description = "When NET_DM is already monitoring (another tool, or a NetDrop that was killed), stop that session and start the agent's own." };
        var command = new Command("agent", """
            Count the packets the kernel drops, as a service: runs until SIGTERM or SIGINT and publishes
            the netdrop.* metrics of docs/metrics.md, pulled (--listen, Prometheus) or pushed (--otlp), or
            both, every series labelled with the host (and node and pod from NODE_NAME and POD_NAME). A
            source that fails is opened again after a growing wait (1 s to 60 s), shown by netdrop_source_up
            and netdrop_source_restarts; what the source loses is counted in netdrop_lost_events. Log lines go
            to standard error; nothing is drawn. SIGHUP reads --config again. docs/fleet.md has the systemd
            unit, the Kubernetes DaemonSet and the dashboard.

            Exit codes: 0 when stopped by a signal, 1 when it cannot listen on --listen, 2 for bad arguments
            or a bad --config file.

            Examples:
              sudo netdrop agent --listen 127.0.0.1:9464
              sudo netdrop agent --listen 0.0.0.0:9464 --log-format json --source tracepoint
              sudo netdrop agent --otlp http://collector:4318 --filter 'reason != NOT_SPECIFIED'
              sudo netdrop agent --config /etc/netdrop/agent.conf    # kill -HUP reloads it
            """);
        foreach (Option<string?> option in options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(takeOver);
        command.Action = new CheckedAction<AgentStart>("agent", parse =>
        {
            var given = new Dictionary<string, SettingValue>(StringComparer.Ordinal);
            string? configPath = null;
            foreach (Option<string?> option in options)
            {
                if (parse.GetValue(option) is not { } value)
                {
                    continue;
                }

                if (option.Name == "--config")
                {
                    configPath = value;
                }
                else
                {
                    given[option.Name[2..]] = new SettingValue(value, option.Name);
                }
            }

            if (parse.GetValue(takeOver))
            {
                given["take-over"] = new SettingValue("true", "--take-over");
            }

            return Check(given, configPath);
        }, Run, error => error.Contains("\n", StringComparison.Ordinal), "quote a --filter expression as one argument");
        return command;
    }

    /// <summary>The command line's settings over the file's, checked.</summary>
    internal static (AgentStart? Start, string? Error) Check(Dictionary<string, SettingValue> commandLine, string? configPath)
    {
        IReadOnlyDictionary<string, SettingValue> file = new Dictionary<string, SettingValue>();
        if (configPath is not null)
        {
            (Dictionary<string, SettingValue>? read, string? error) = AgentConfigFile.Read(configPath);
            if (read is null)
            {
                return (null, "--config: " + error);
            }

            file = read;
        }

        (AgentSettings? settings, string? problem) = AgentSettings.From(AgentSettings.Merge(file, commandLine), new ReasonNames(KernelReasonTable.Read()));
        return settings is null ? (null, problem) : (new AgentStart(settings, commandLine, file, configPath), null);
    }

    private static int Run(AgentStart start)
    {
        using var signals = new AgentSignals();
        var log = new AgentLog(Console.OpenStandardError(), start.Settings.LogJson);
        return AgentRunner.Run(start, log, signals, HostLabels.FromEnvironment());
    }
}
