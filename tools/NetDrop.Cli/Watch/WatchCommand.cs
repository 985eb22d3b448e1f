using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using NetDrop.Cli.Metrics;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Cli.Watch;

/// <summary>netdrop watch: its options, help, argument checks (exit 2) and what it runs.</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source")
        {
            Description = "Where drops are read: auto (NetDrop's BPF program where it loads, else NET_DM if the kernel has it and rights allow, else the skb:kfree_skb tracepoint), bpf, netdm or tracepoint.",
            DefaultValueFactory = _ => "auto",
            HelpName = "auto|bpf|netdm|tracepoint",
        };
        var mode = new Option<string>("--mode")
        {
            Description = "table: counts and rates by reason, function and interface, redrawn in place. packet: one line per dropped packet.",
            DefaultValueFactory = _ => "table",
            HelpName = "table|packet",
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per drop (JSON Lines) on standard output; messages and totals go to standard error." };
        var filter = new Option<string?>("--filter") { Description = "Show and count only drops this expression selects (docs/filter.md), e.g. 'reason == NO_SOCKET && dport == 53'.", HelpName = "EXPR" };
        var kernelFilter = new Option<string?>("--kernel-filter")
        {
            Description = "A filter the kernel applies before recording, in tracefs syntax ('common_pid == 1234', 'protocol == 0x86dd'); reasons by name ('reason == NO_SOCKET', translated with this kernel's table); the tracepoint source only.",
            HelpName = "EXPR",
        };
        var duration = StopConditions.DurationOption();
        var count = StopConditions.CountOption("Stop after this many drops that match the filter.");
        var interval = Durations.Option("--interval",
            "When output is not a terminal, also print the table this often, each with the time it was printed (it is always printed at the end).");
        var bufferSize = new Option<string?>("--buffer-size")
        {
            Description = "The source's buffer, e.g. 16MiB: the tracepoint's ring per CPU (default 4MiB), NET_DM's socket receive buffer (32MiB), the BPF ring (4MiB). A bigger buffer rides out longer stalls of the reader.",
            HelpName = "SIZE",
        };
        var strict = new Option<bool>("--strict")
        {
            Description = "Refuse to start (exit 2) when --filter tests a field, or --write needs packet bytes, that the source does not provide; without it, a warning.",
        };
        var write = new Option<string?>("--write")
        {
            Description = "Also save every drop that passes the filter to this pcapng file (created readable by its owner only), each packet's reason, kernel function and interface in its comment; Wireshark opens it.",
            HelpName = "FILE.pcapng",
        };
        var takeOver = new Option<bool>("--take-over")
        {
            Description = "When NET_DM is already monitoring (another tool, or a netdrop that was killed and left it on), stop that session and start netdrop's own, which is stopped at exit.",
        };
        var kernelAddresses = new Option<bool>("--kernel-addresses")
        {
            Description = "Also show each drop's raw kernel address (JSON's \"location\", --write's comments, and in place of a symbol /proc/kallsyms hides). Off by default: the address gives away where the kernel is loaded (KASLR).",
        };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "When the kernel's verifier rejects NetDrop's BPF program, also print the verifier's log (docs/bpf.md reads one).",
        };
        var hardware = new Option<bool>("--hardware")
        {
            Description = "Also show drops in devices (NET_DM hardware drops, through devlink traps). Only NET_DM reports them, so auto then prefers NET_DM to the BPF program.",
        };
        var netns = new Option<string?>("--netns")
        {
            Description = "Only drops in this network namespace: a name (ip netns list), a namespace file (/proc/PID/ns/net) or an inode; tested in the kernel (BPF source).",
            HelpName = "NAME|PATH|INODE",
        };
        var iface = new Option<string?>("--iface")
        {
            Description = "Only drops on this interface, looked up in the --netns namespace (else this one); tested in the kernel (BPF source).",
            HelpName = "NAME",
        };
        var stack = new Option<bool>("--stack")
        {
            Description = "Also record each drop's kernel stack (BPF source), shown under its line in packet mode and as \"stack\" in JSON, each frame symbol+0xoff.",
        };
        var command = new Command("watch", """
            Show the packets the kernel drops, live: which reason, which kernel function, which interface,
            how many and how fast. Reads drops through NetDrop's own BPF program where the kernel
            allows it (each packet's headers, interface, namespace, mark and process), else NET_DM
            when the kernel has it, else the skb:kfree_skb tracepoint; the first line says which and
            why. Stop with Ctrl-C, --duration or --count; the last lines give totals and how many
            drops the source lost.

            Exit codes: 0 when stopped (Ctrl-C included), 1 when the source cannot be used (not root,
            no NET_DM with --source netdm) or fails, 2 for bad arguments or filters.

            Examples:
              sudo netdrop watch
              sudo netdrop watch --mode packet --filter 'reason == NO_SOCKET && proto == udp'
              sudo netdrop watch --json --duration 10s | jq -r 'select(.type == "drop" and .dport == 53) | .src'
              sudo netdrop watch --filter 'src in 10.0.0.0/8 || dst == fd00::/8' --count 100 --mode packet
              sudo netdrop watch --source tracepoint --kernel-filter 'reason == NO_SOCKET && protocol == 0x86dd'
              sudo netdrop watch --source bpf --mode packet --filter 'netns == 4026532304 && comm == "curl"'
              sudo netdrop watch --duration 1m --interval 10s > drops.txt
              sudo netdrop watch --otlp http://127.0.0.1:4318 --otlp-interval 30
              sudo netdrop watch --write drops.pcapng --duration 1m && sudo netdrop read drops.pcapng
              sudo netdrop watch --source netdm --take-over    # NET_DM left on by a killed process
            """)
        {
            source, mode, json, filter, kernelFilter, duration, count, interval, write, takeOver, kernelAddresses, bufferSize, strict, verbose, hardware, netns, iface, stack,
        };
        var metrics = new MetricsCommandOptions();
        metrics.AddTo(command);
        command.Action = new CheckedAction<WatchOptions>("watch", parse =>
        {
            (WatchOptions? options, string? error) = Check(parse, source, mode, json, filter, kernelFilter, duration, count, interval);
            if (options is null)
            {
                return (null, error);
            }

            string? path = parse.GetValue(write);
            if (path is not null && OutputPath.Problem("--write", path, "drops.pcapng") is { } problem)
            {
                return (null, problem);
            }

            int? buffer = null;
            if (parse.GetValue(bufferSize) is { } sizeText)
            {
                if (Capture.CaptureCommand.ParseSize(sizeText) is not { } bytes || bytes < 64 << 10 || bytes > 1L << 30)
                {
                    return (null, $"--buffer-size must be a size from 64KiB to 1GiB such as 16MiB or 4096KiB, not '{sizeText}'");
                }

                buffer = (int)bytes;
            }

            (WatchOptions? scoped, string? scopeError) = NamespaceScope.Read(parse.GetValue(netns), parse.GetValue(iface), options);
            if (scoped is null)
            {
                return (null, scopeError);
            }

            options = scoped;
            if (parse.GetValue(stack))
            {
                if (options.Source is DropSourcePreference.NetDm or DropSourcePreference.Tracepoint)
                {
                    return (null, "--stack needs the BPF source (--source bpf or auto): NET_DM and the tracepoint carry no stack");
                }

                options = options with { Source = DropSourcePreference.Bpf, NeedsBpf = true, Stack = true };
            }

            return (options with
            {
                Otlp = metrics.Read(parse), WritePath = path, TakeOverNetDm = parse.GetValue(takeOver), KernelAddresses = parse.GetValue(kernelAddresses),
                BufferBytes = buffer, Strict = parse.GetValue(strict), Verbose = parse.GetValue(verbose), HardwareDrops = parse.GetValue(hardware),
            }, null);
        }, Watch, error => error.StartsWith("--filter:", StringComparison.Ordinal), "quote a --filter expression as one argument");
        return command;
    }

    /// <summary>The options checked, or the reason they cannot be used.</summary>
    private static (WatchOptions? Options, string? Error) Check(ParseResult parse, Option<string> source, Option<string> mode, Option<bool> json,
        Option<string?> filter, Option<string?> kernelFilter, Option<TimeSpan> duration, Option<long> count, Option<TimeSpan> interval)
    {
        DropSourcePreference? preference = parse.GetValue(source)?.ToLowerInvariant() switch
        {
            "auto" => DropSourcePreference.Auto,
            "netdm" => DropSourcePreference.NetDm,
            "tracepoint" => DropSourcePreference.Tracepoint,
            "bpf" => DropSourcePreference.Bpf,
            _ => null,
        };
        if (preference is null)
        {
            return (null, $"--source must be auto, bpf, netdm or tracepoint, not '{parse.GetValue(source)}'");
        }

        WatchMode? watchMode = parse.GetValue(mode)?.ToLowerInvariant() switch
        {
            "table" => WatchMode.Table,
            "packet" => WatchMode.Packet,
            _ => null,
        };
        if (watchMode is null)
        {
            return (null, $"--mode must be table or packet, not '{parse.GetValue(mode)}'");
        }

        bool asJson = parse.GetValue(json);
        if (asJson && parse.GetResult(mode) is { Implicit: false } && watchMode == WatchMode.Table)
        {
            return (null, "--json writes one object per drop; it cannot be combined with --mode table");
        }

        if (StopConditions.ReadDuration(parse, duration, out TimeSpan? seconds) is { } badDuration)
        {
            return (null, badDuration);
        }

        if (StopConditions.ReadCount(parse, count, out long? limit) is { } badCount)
        {
            return (null, badCount);
        }

        TimeSpan? every = parse.GetResult(interval) is null ? null : parse.GetValue(interval);
        if (every is { } i && i < TimeSpan.FromMilliseconds(100))
        {
            return (null, $"--interval must be at least 100ms, not {Durations.Text(i)}");
        }

        string? kernel = parse.GetValue(kernelFilter);
        string? kernelTranslated = kernel;
        if (kernel is not null && string.IsNullOrWhiteSpace(kernel))
        {
            return (null, "--kernel-filter needs an expression");
        }

        if (kernel is not null)
        {
            (kernelTranslated, string? reasonError) = KernelFilterReasons.Translate(kernel, KernelReasonTable.ReadEntries());
            if (reasonError is not null)
            {
                return (null, "--kernel-filter: " + reasonError);
            }
        }

        DropFilter compiled = DropFilter.All;
        string? expression = parse.GetValue(filter);
        if (expression is not null)
        {
            try
            {
                compiled = DropFilter.Parse(expression, new ReasonNames(KernelReasonTable.Read()));
            }
            catch (FilterSyntaxException e)
            {
                return (null, e.Describe("--filter", expression));
            }
        }

        return (new WatchOptions(preference.Value, asJson ? WatchMode.Packet : watchMode.Value, asJson, compiled, kernelTranslated,
            seconds, limit, every) { KernelFilterWritten = kernel }, null);
    }

    private static int Watch(WatchOptions options)
    {
        using var stop = new GracefulStop();
        return WatchRunner.Run(options, WatchOutput.ForConsole(), stop.Token);
    }
}
