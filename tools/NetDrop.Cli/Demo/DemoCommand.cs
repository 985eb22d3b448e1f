using System;
using System.CommandLine;
using NetDrop.Cli.Metrics;

namespace NetDrop.Cli.Demo;

/// <summary>netdrop demo: its options, help and what it runs.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source")
        {
            Description = "Where drops are read: auto (NetDrop's BPF program where it loads, else NET_DM if the kernel has it, else the skb:kfree_skb tracepoint), bpf, netdm or tracepoint.",
            DefaultValueFactory = _ => "auto",
            HelpName = "auto|bpf|netdm|tracepoint",
        };
        source.Validators.Add(result =>
        {
            if (SourceChoice(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"--source must be auto, bpf, netdm or tracepoint, not '{result.GetValueOrDefault<string>()}'");
            }
        });
        var count = new Option<int>("--count", "-c") { Description = "Drops caused of each kind (1 to 10000).", DefaultValueFactory = _ => 200, HelpName = "N" };
        var seconds = Durations.Option("--seconds", "How long the drops are spread over (1s to 1m, default 4s).");
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10000)
            {
                result.AddError("--count must be between 1 and 10000");
            }
        });
        seconds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<TimeSpan>() is var spread && (spread < TimeSpan.FromSeconds(1) || spread > TimeSpan.FromMinutes(1)))
            {
                result.AddError("--seconds must be from 1s to 1m");
            }
        });
        var command = new Command("demo", """
            A self-contained tour that needs nothing but root: builds two network namespaces joined by a
            veth pair, causes drops of known reasons (UDP to a closed port, an nft drop rule, frames for
            another host's MAC address) at a modest rate, shows them live as the kernel reports them,
            checks every one was seen with the right reason, and removes everything it made.

            Exit codes: 0 when every drop was seen with its reason, or when stopped by Ctrl-C (what was
            seen so far is shown), 1 when a drop was missed or the namespaces cannot be built, 2 for bad arguments.

            Examples:
              sudo netdrop demo
              sudo netdrop demo --source tracepoint --count 50 --seconds 2s
              sudo netdrop demo --source bpf
              sudo netdrop demo --otlp http://127.0.0.1:4318
            """)
        {
            source, count, seconds,
        };
        var metrics = new MetricsCommandOptions();
        metrics.AddTo(command);

        command.SetAction(parse =>
        {
            // Stopping early still removes the namespaces and stops the source: the runner does that itself.
            using var stop = new GracefulStop();
            var options = new DemoOptions(SourceChoice(parse.GetValue(source))!.Value, parse.GetValue(count),
                parse.GetResult(seconds) is null ? TimeSpan.FromSeconds(4) : parse.GetValue(seconds), metrics.Read(parse));
            return DemoRunner.Run(options, ConsoleTerminal.Create(), stop.Token);
        });
        return command;
    }

    /// <summary>--source as watch spells it: auto, bpf, netdm, tracepoint (any case).</summary>
    private static DropSourcePreference? SourceChoice(string? text) => text?.ToLowerInvariant() switch
    {
        "auto" => DropSourcePreference.Auto,
        "bpf" => DropSourcePreference.Bpf,
        "netdm" => DropSourcePreference.NetDm,
        "tracepoint" => DropSourcePreference.Tracepoint,
        _ => null,
    };
}
