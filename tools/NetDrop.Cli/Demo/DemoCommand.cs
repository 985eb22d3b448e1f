using System;
using System.CommandLine;
using NetDrop.Cli.Metrics;

namespace NetDrop.Cli.Demo;

/// <summary>netdrop demo: its options, help and what it runs.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var source = new Option<DropSourcePreference>("--source")
        {
            Description = "Where drops are read: Auto (NetDrop's BPF program where it loads, else NET_DM if the kernel has it, else the skb:kfree_skb tracepoint), Bpf, NetDm or Tracepoint.",
            DefaultValueFactory = _ => DropSourcePreference.Auto,
        };
        var count = new Option<int>("--count") { Description = "Drops caused of each kind (1 to 10000).", DefaultValueFactory = _ => 200 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds over which they are spread (1 to 60).", DefaultValueFactory = _ => 4 };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10000)
            {
                result.AddError("--count must be between 1 and 10000");
            }
        });
        seconds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 60)
            {
                result.AddError("--seconds must be between 1 and 60");
            }
        });
        var command = new Command("demo", """
            A self-contained tour that needs nothing but root: builds two network namespaces joined by a
            veth pair, causes drops of known reasons (UDP to a closed port, an nft drop rule, frames for
            another host's MAC address) at a modest rate, shows them live as the kernel reports them,
            checks every one was seen with the right reason, and removes everything it made.

            Examples:
              sudo netdrop demo
              sudo netdrop demo --source tracepoint --count 50 --seconds 2
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
            var options = new DemoOptions(parse.GetValue(source), parse.GetValue(count), TimeSpan.FromSeconds(parse.GetValue(seconds)), metrics.Read(parse));
            return DemoRunner.Run(options, ConsoleTerminal.Create(), stop.Token);
        });
        return command;
    }
}
