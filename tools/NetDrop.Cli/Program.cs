using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using NetDrop.Cli.Demo;
using NetDrop.Cli.Read;
using Spectre.Console;

namespace NetDrop.Cli;

/// <summary>The netdrop command: see which packets the kernel drops, where and why.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("netdrop: see which packets the Linux kernel drops, where and why.");
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(ReadCommand());
        return root.Parse(args).Invoke();
    }

    private static Command DemoCommand()
    {
        var source = new Option<DropSourcePreference>("--source")
        {
            Description = "Where drops are read: Auto (NET_DM if the kernel has it, else the skb:kfree_skb tracepoint), NetDm or Tracepoint.",
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
            """)
        {
            source, count, seconds,
        };

        command.SetAction(parse =>
        {
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler stop = (_, e) =>
            {
                // Finish cleanly: the demo removes its namespaces and stops the source itself.
                e.Cancel = true;
                cancellation.Cancel();
            };
            Console.CancelKeyPress += stop;
            try
            {
                var options = new DemoOptions(parse.GetValue(source), parse.GetValue(count), TimeSpan.FromSeconds(parse.GetValue(seconds)));
                return DemoRunner.Run(options, Terminal(), cancellation.Token);
            }
            finally
            {
                Console.CancelKeyPress -= stop;
            }
        });
        return command;
    }

    /// <summary>The console, without escape codes or live redraws when output goes to a pipe or a file.</summary>
    private static IAnsiConsole Terminal() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        Interactive = Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
    });

    private static Command ReadCommand()
    {
        var file = new Argument<string>("FILE") { Description = "A .pcap or .pcapng of netlink traffic recorded on an nlmon device." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per message (JSON Lines) instead of text." };
        var familyId = new Option<ushort?>("--family-id") { Description = "NET_DM's family id, for captures that begin after the family lookup." };
        var kallsyms = new Option<string?>("--kallsyms") { Description = "A kallsyms file from the captured machine's boot, to name the PCs of summary alerts." };
        var command = new Command("read", """
            Decode a capture of NET_DM traffic: family lookup, configuration, start/stop, packet and summary
            alerts, statistics, acks and errors, one line per message.

            Examples:
              netdrop read testdata/net_dm/netdm-packet.pcap
              netdrop read --json drops.pcap | jq 'select(.command == "PACKET_ALERT") | .reason'
              netdrop read --kallsyms kallsyms.txt testdata/net_dm/netdm-summary.pcap
            """)
        {
            file, json, familyId, kallsyms,
        };

        command.SetAction(parse =>
        {
            var options = new ReadOptions(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(familyId), parse.GetValue(kallsyms));
            using Stream output = Console.OpenStandardOutput();
            return ReadRunner.Run(options, output, Console.Error);
        });
        return command;
    }
}
