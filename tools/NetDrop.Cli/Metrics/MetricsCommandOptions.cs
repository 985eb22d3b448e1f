using System;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace NetDrop.Cli.Metrics;

/// <summary>The --otlp options, shared by the commands that count drops.</summary>
internal sealed class MetricsCommandOptions
{
    private readonly Option<Uri?> _endpoint = new("--otlp")
    {
        Description = "Send drop counts (OpenTelemetry metrics, meter \"NetDrop\") to this OTLP endpoint, e.g. http://127.0.0.1:4318 for a collector's OTLP/HTTP receiver.",
        CustomParser = Parse,
    };

    private readonly Option<string> _protocol = new("--otlp-protocol")
    {
        Description = "OTLP transport: http (OTLP/HTTP protobuf, the collector's port 4318) or grpc (port 4317).",
        DefaultValueFactory = _ => "http",
    };

    private readonly Option<TimeSpan> _interval = Durations.Option("--otlp-interval",
        "Time between exports while running (1s to 1h, default 10s); counts are always sent once more at exit.");

    public MetricsCommandOptions()
    {
        _protocol.AcceptOnlyFromAmong("http", "grpc");
        _protocol.HelpName = "http|grpc";
        _interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<TimeSpan>() is var interval && (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromHours(1)))
            {
                result.AddError("--otlp-interval must be from 1s to 1h");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_endpoint);
        command.Options.Add(_protocol);
        command.Options.Add(_interval);
    }

    public MetricsExportOptions? Read(ParseResult parse) => parse.GetValue(_endpoint) is { } endpoint
        ? new MetricsExportOptions(endpoint, OtlpExport.ParseProtocol(parse.GetValue(_protocol)!), parse.GetResult(_interval) is null ? TimeSpan.FromSeconds(10) : parse.GetValue(_interval))
        : null;

    private static Uri? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"--otlp: '{TerminalText.Escape(EndpointText.Redact(text))}' is not an http:// or https:// URL (e.g. http://127.0.0.1:4318)");
        return null;
    }
}
