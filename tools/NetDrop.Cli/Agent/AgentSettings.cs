using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using NetDrop.Cli.Metrics;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Cli.Agent;

/// <summary>
/// Everything the agent runs with, checked. Built from the command line over the --config file (an
/// option given on the command line wins over the file's key), again on each SIGHUP.
/// </summary>
/// <param name="Source">Where drops are read.</param>
/// <param name="Filter">Which drops are counted (docs/filter.md).</param>
/// <param name="KernelFilter">The tracepoint's kernel-side filter, in tracefs syntax; null for none.</param>
/// <param name="Listen">Where /metrics and /healthz are served; null serves nothing.</param>
/// <param name="Otlp">Where counts are pushed; null pushes nothing.</param>
/// <param name="LogJson">One JSON object per log line on standard error, instead of text.</param>
/// <param name="TakeOverNetDm">Stop a NET_DM session someone else left running and start the agent's own.</param>
internal sealed record AgentSettings(
    DropSourcePreference Source,
    DropFilter Filter,
    string? KernelFilter,
    IPEndPoint? Listen,
    MetricsExportOptions? Otlp,
    bool LogJson,
    bool TakeOverNetDm)
{
    /// <summary>The keys of the --config file, each the name of an option without "--".</summary>
    public static readonly string[] Keys = ["source", "filter", "kernel-filter", "listen", "otlp", "otlp-protocol", "otlp-interval", "log-format", "take-over"];

    /// <summary>The keys a SIGHUP cannot change: the listening socket and the exporter are made once, at start.</summary>
    public static readonly string[] StartOnlyKeys = ["listen", "otlp", "otlp-protocol", "otlp-interval"];

    /// <summary>Longest --filter or --kernel-filter taken (the kernel's own limit on a tracefs filter is a page).</summary>
    private const int MaxExpressionLength = 4096;

    /// <summary>The command line's settings over the file's; either may be empty.</summary>
    public static Dictionary<string, SettingValue> Merge(IReadOnlyDictionary<string, SettingValue> file, IReadOnlyDictionary<string, SettingValue> commandLine)
    {
        var merged = new Dictionary<string, SettingValue>(file, StringComparer.Ordinal);
        foreach ((string key, SettingValue value) in commandLine)
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>The settings checked, or the first problem in one line (naming the option or the file's line).</summary>
    public static (AgentSettings? Settings, string? Error) From(IReadOnlyDictionary<string, SettingValue> values, ReasonNames reasons)
    {
        string Where(string key) => values[key].Origin.StartsWith("--", StringComparison.Ordinal) ? values[key].Origin : values[key].Origin + ": " + key;
        string? Text(string key) => values.TryGetValue(key, out SettingValue value) ? value.Text : null;

        string sourceText = Text("source") ?? "auto";
        DropSourcePreference? source = sourceText.ToLowerInvariant() switch
        {
            "auto" => DropSourcePreference.Auto,
            "netdm" => DropSourcePreference.NetDm,
            "tracepoint" => DropSourcePreference.Tracepoint,
            "bpf" => DropSourcePreference.Bpf,
            _ => null,
        };
        if (source is null)
        {
            return (null, $"{Where("source")} must be auto, netdm, tracepoint or bpf, not '{Escape(sourceText)}'");
        }

        DropFilter filter = DropFilter.All;
        if (Text("filter") is { } expression)
        {
            if (expression.Length > MaxExpressionLength)
            {
                return (null, $"{Where("filter")} is {expression.Length.ToString(CultureInfo.InvariantCulture)} characters; at most {MaxExpressionLength.ToString(CultureInfo.InvariantCulture)}");
            }

            try
            {
                filter = DropFilter.Parse(expression, reasons);
            }
            catch (FilterSyntaxException e)
            {
                return (null, $"{Where("filter")}: {e.Message} in '{Escape(expression)}'");
            }
        }

        string? kernelFilter = Text("kernel-filter");
        if (kernelFilter is not null && (string.IsNullOrWhiteSpace(kernelFilter) || kernelFilter.Length > MaxExpressionLength || TerminalText.NeedsEscaping(kernelFilter)))
        {
            return (null, $"{Where("kernel-filter")} needs one line of tracefs filter syntax of at most {MaxExpressionLength.ToString(CultureInfo.InvariantCulture)} characters, e.g. 'protocol == 0x86dd'");
        }

        IPEndPoint? listen = null;
        if (Text("listen") is { } listenText)
        {
            // A port of its own is required ("127.0.0.1" alone parses with port 0), and an IPv6 address in brackets ("::1:9464" is an address).
            if (!IPEndPoint.TryParse(listenText, out listen) || listen.Port == 0
                || (listen.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !listenText.StartsWith('[')))
            {
                return (null, $"{Where("listen")} must be ADDRESS:PORT with a port from 1 to 65535 (127.0.0.1:9464, 0.0.0.0:9464, [::]:9464), not '{Escape(listenText)}'");
            }
        }

        MetricsExportOptions? otlp = null;
        if (Text("otlp") is { } otlpText)
        {
            if (!Uri.TryCreate(otlpText, UriKind.Absolute, out Uri? endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                return (null, $"{Where("otlp")}: '{Escape(EndpointText.Redact(otlpText))}' is not an http:// or https:// URL (e.g. http://127.0.0.1:4318)");
            }

            string protocolText = Text("otlp-protocol") ?? "http";
            if (protocolText is not ("http" or "grpc"))
            {
                return (null, $"{Where("otlp-protocol")} must be http or grpc, not '{Escape(protocolText)}'");
            }

            string intervalText = Text("otlp-interval") ?? "10";
            if (!int.TryParse(intervalText, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds is < 1 or > 3600)
            {
                return (null, $"{Where("otlp-interval")} must be a whole number of seconds from 1 to 3600, not '{Escape(intervalText)}'");
            }

            otlp = new MetricsExportOptions(endpoint, OtlpExport.ParseProtocol(protocolText), TimeSpan.FromSeconds(seconds));
        }
        else if (Text("otlp-protocol") is not null || Text("otlp-interval") is not null)
        {
            string key = Text("otlp-protocol") is not null ? "otlp-protocol" : "otlp-interval";
            return (null, $"{Where(key)} applies to --otlp, which is not given");
        }

        if (listen is null && otlp is null)
        {
            return (null, "nothing to publish to: give --listen ADDRESS:PORT (Prometheus scrapes /metrics), --otlp URL (pushed to a collector), or both");
        }

        string logFormat = Text("log-format") ?? "text";
        if (logFormat is not ("text" or "json"))
        {
            return (null, $"{Where("log-format")} must be text or json, not '{Escape(logFormat)}'");
        }

        string takeOverText = Text("take-over") ?? "false";
        if (!bool.TryParse(takeOverText, out bool takeOver))
        {
            return (null, $"{Where("take-over")} must be true or false, not '{Escape(takeOverText)}'");
        }

        return (new AgentSettings(source.Value, filter, kernelFilter, listen, otlp, logFormat == "json", takeOver), null);
    }

    /// <summary>What the source is opened with; a change of these reopens it.</summary>
    public bool SameSource(AgentSettings other) =>
        Source == other.Source && KernelFilter == other.KernelFilter && TakeOverNetDm == other.TakeOverNetDm;

    /// <summary>The keys given in <paramref name="before"/> and <paramref name="after"/> with different values that only a restart applies.</summary>
    public static IEnumerable<string> StartOnlyChanges(IReadOnlyDictionary<string, SettingValue> before, IReadOnlyDictionary<string, SettingValue> after)
    {
        foreach (string key in StartOnlyKeys)
        {
            string? old = before.TryGetValue(key, out SettingValue a) ? a.Text : null;
            string? now = after.TryGetValue(key, out SettingValue b) ? b.Text : null;
            if (old != now)
            {
                yield return key;
            }
        }
    }

    /// <summary>The name the source has in metrics and logs.</summary>
    public static string SourceName(DropSource source) => source switch
    {
        DropSource.NetDm => "netdm",
        DropSource.Bpf => "bpf",
        _ => "tracepoint",
    };

    private static string Escape(string text) => TerminalText.Escape(text.Length <= 200 ? text : text[..200] + "…");
}
