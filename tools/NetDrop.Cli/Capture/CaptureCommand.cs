using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Metrics;
using NetDrop.Packet;

namespace NetDrop.Cli.Capture;

/// <summary>netdrop capture: its options, help, argument checks (exit 2) and what it runs.</summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var iface = new Option<string>("--interface", "-i") { Description = "The interface to capture on (ip link lists them), or any for every interface.", HelpName = "IFACE", Required = true };
        var write = new Option<string>("--write", "-w")
        {
            Description = "The pcapng file to write (created readable by its owner only: frames can hold passwords and personal data).",
            HelpName = "FILE.pcapng",
        };
        var filter = new Argument<string[]>("FILTER")
        {
            Description = "Keep only the frames this expression in tcpdump's language selects (e.g. 'udp port 53'), compiled by libpcap and run in the kernel.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dumpFilter = new Option<bool>("--dump-filter", "-d") { Description = "Print the filter's classic BPF program as tcpdump -d does, and exit without capturing." };
        var snaplen = new Option<int>("--snaplen", "-s")
        {
            Description = "Bytes kept of each frame; the rest is counted in its original length.",
            DefaultValueFactory = _ => CaptureOptions.DefaultSnapLength,
            HelpName = "BYTES",
        };
        var ringSize = new Option<string>("--ring-size")
        {
            Description = "The kernel ring's size, e.g. 64MiB or 4096KiB: a bigger ring rides out longer stalls of the reader.",
            DefaultValueFactory = _ => (CaptureOptions.DefaultRingBytes >> 20).ToString(CultureInfo.InvariantCulture) + "MiB",
            HelpName = "SIZE",
        };
        var path = new Option<string>("--path")
        {
            Description = "How frames come from the kernel: v3 (TPACKET_V3 ring, the fastest), v2 (TPACKET_V2 ring) or recvmsg (exact drop counts before every frame).",
            DefaultValueFactory = _ => "v3",
            HelpName = "v3|v2|recvmsg",
        };
        var fanout = new Option<string?>("--fanout")
        {
            Description = "Join a fanout group so several netdrop capture processes share the interface's frames: MODE:GROUP with MODE hash, lb, cpu or rollover, e.g. hash:7.",
            HelpName = "MODE:GROUP",
        };
        var promiscuous = new Option<bool>("--promiscuous") { Description = "Also take frames for other hosts' MAC addresses (puts the interface in promiscuous mode while capturing)." };
        var duration = StopConditions.DurationOption();
        var count = StopConditions.CountOption("Stop after this many frames.");
        var command = new Command("capture", """
            Capture an interface's frames into a pcapng file that records, for each frame, how many frames
            the kernel dropped just before it (Wireshark shows it as the frame's drop count), and at the end
            the kernel's own totals. A progress line shows frames, bytes and drops so far; the summary gives
            the drops, the gaps, and the largest gap and where it was. Stop with Ctrl-C, --duration or --count;
            the file is complete and valid either way.

            A FILTER in tcpdump's language keeps only the frames it selects; libpcap (apt-get install
            libpcap0.8) compiles it, and the kernel runs it before frames reach the ring. -i any captures
            every interface at once, each frame with a Linux cooked (SLL2) header that names its interface.

            Exit codes: 0 when stopped (Ctrl-C included), 1 when the interface cannot be captured (no
            CAP_NET_RAW, no such interface) or disappears, or libpcap is missing for a filter, 2 for bad
            arguments or a filter libpcap cannot compile.

            Examples:
              sudo netdrop capture -i eth0 -w eth0.pcapng
              sudo netdrop capture -i eth0 -w dns.pcapng --snaplen 256 --duration 1m
              sudo netdrop capture -i eth0 -w burst.pcapng --ring-size 256MiB --count 1000000
              sudo netdrop capture -i eth0 -w dns.pcapng 'udp port 53'
              sudo netdrop capture -i any -w all.pcapng 'tcp port 443 or icmp'
              netdrop capture -i eth0 -d 'udp port 53'      # the BPF program the kernel runs
              sudo netdrop capture -i eth0 -w part1.pcapng --fanout hash:7 & sudo netdrop capture -i eth0 -w part2.pcapng --fanout hash:7
              netdrop read eth0.pcapng      # each frame with the frames lost before it
              tshark -r eth0.pcapng -Y 'frame.drop_count > 0' -T fields -e frame.number -e frame.drop_count
            """)
        {
            iface, write, snaplen, ringSize, path, fanout, promiscuous, duration, count, dumpFilter, filter,
        };
        var metrics = new MetricsCommandOptions();
        metrics.AddTo(command);
        command.Action = new CheckedAction<CaptureOptions>("capture", parse =>
        {
            (CaptureOptions? options, string? error) = Check(parse, iface, write, snaplen, ringSize, path, fanout, promiscuous, duration, count);
            return options is null ? (null, error) : CheckFilter(parse, options with { Otlp = metrics.Read(parse) }, filter, dumpFilter);
        }, Capture);
        return command;
    }

    private static (CaptureOptions? Options, string? Error) Check(ParseResult parse, Option<string> iface, Option<string> write, Option<int> snaplen,
        Option<string> ringSize, Option<string> path, Option<string?> fanout, Option<bool> promiscuous, Option<TimeSpan> duration, Option<long> count)
    {
        string name = parse.GetValue(iface) ?? string.Empty;
        if (name.Length is 0 or > 15 || name.Contains('/') || name.Contains(' '))
        {
            return (null, $"--interface: '{name}' is not an interface name (at most 15 characters, no '/' or spaces)");
        }

        if (FilterProblem(parse, name) is { } filterProblem)
        {
            return (null, filterProblem);
        }

        string file = parse.GetValue(write) ?? string.Empty;
        bool dumpOnly = parse.GetValue<bool>("--dump-filter");
        if (!dumpOnly && OutputPath.Problem("--write", file, "capture.pcapng") is { } problem)
        {
            return (null, problem);
        }

        int snap = parse.GetValue(snaplen);
        if (snap is < 14 or > CaptureOptions.DefaultSnapLength)
        {
            return (null, $"--snaplen must be 14 to {CaptureOptions.DefaultSnapLength}, not {snap.ToString(CultureInfo.InvariantCulture)}");
        }

        string ringText = parse.GetValue(ringSize) ?? string.Empty;
        if (ParseSize(ringText) is not { } ring || ring < 64 << 10 || ring > 1L << 30)
        {
            return (null, $"--ring-size must be a size from 64KiB to 1GiB such as 16MiB or 4096KiB, not '{ringText}'");
        }

        PacketReceivePath? receive = parse.GetValue(path)?.ToLowerInvariant() switch
        {
            "v3" => PacketReceivePath.RingV3,
            "v2" => PacketReceivePath.RingV2,
            "recvmsg" => PacketReceivePath.Recvmsg,
            _ => null,
        };
        if (receive is null)
        {
            return (null, $"--path must be v3, v2 or recvmsg, not '{parse.GetValue(path)}'");
        }

        PacketFanout? group = null;
        if (parse.GetValue(fanout) is { } fanoutText)
        {
            group = ParseFanout(fanoutText);
            if (group is null)
            {
                return (null, $"--fanout must be MODE:GROUP with MODE hash, lb, cpu or rollover and GROUP 0 to 65535, e.g. hash:7, not '{fanoutText}'");
            }
        }

        if (StopConditions.ReadDuration(parse, duration, out TimeSpan? seconds) is { } badDuration)
        {
            return (null, badDuration);
        }

        if (StopConditions.ReadCount(parse, count, out long? limit) is { } badCount)
        {
            return (null, badCount);
        }

        return (new CaptureOptions(name, file, receive.Value, snap, (int)ring, group, parse.GetValue(promiscuous),
            seconds, limit), null);
    }

    /// <summary>The filter expression (its words joined, as tcpdump joins them) and --dump-filter, which needs no file.</summary>
    private static (CaptureOptions? Options, string? Error) CheckFilter(ParseResult parse, CaptureOptions options, Argument<string[]> filter, Option<bool> dumpFilter)
    {
        string[] words = parse.GetValue(filter) ?? [];
        string? expression = words.Length == 0 ? null : string.Join(' ', words);
        bool dump = parse.GetValue(dumpFilter);
        if (options.Interface == CaptureOptions.AnyInterface && options.Promiscuous)
        {
            return (null, "--promiscuous is per interface and cannot be used with -i any; name the interface to put in promiscuous mode");
        }

        return (options with { Filter = expression, DumpFilter = dump }, null);
    }

    /// <summary>
    /// A filter expression libpcap cannot compile, found before any file or socket is touched: its words
    /// joined and compiled for the interface's link type. Where the link type or libpcap is not known yet
    /// the capture itself says so (exit 1); the capture compiles again with the real snapshot length.
    /// </summary>
    private static string? FilterProblem(ParseResult parse, string interfaceName)
    {
        string[] words = parse.GetValue<string[]>("FILTER") ?? [];
        if (words.Length == 0 || !CaptureFilter.CompilerAvailable)
        {
            return null;
        }

        int? linkType = interfaceName == CaptureOptions.AnyInterface ? LinkTypes.LinuxSll2 : InterfaceLinkType.Of(interfaceName).LinkType;
        if (linkType is null)
        {
            return null;
        }

        string expression = string.Join(' ', words);
        try
        {
            CaptureFilter.Compile(expression, linkType.Value, CaptureOptions.DefaultSnapLength);
            return null;
        }
        catch (CaptureFilterException e)
        {
            return $"the filter '{TerminalText.Escape(expression)}' cannot be used: {TerminalText.Escape(e.Message.ReplaceLineEndings(" "))}";
        }
    }

    private static int Capture(CaptureOptions options)
    {
        using var stop = new GracefulStop();
        // The capture's data is the file: every line it prints (start, progress, summary) is a message, on
        // standard error; only --dump-filter's program, which is what was asked for, goes to standard output.
        return CaptureRunner.Run(options, Console.Out, Console.Error, Console.Error, !Console.IsErrorRedirected, stop.Token);
    }

    /// <summary>"16MiB", "4096KiB", "1GiB", or a plain number of bytes.</summary>
    internal static long? ParseSize(string text)
    {
        string value = text.Trim();
        long unit = 1;
        foreach ((string suffix, long bytes) in new[] { ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30) })
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                unit = bytes;
                value = value[..^suffix.Length];
                break;
            }
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) && number <= long.MaxValue / unit ? number * unit : null;
    }

    /// <summary>"hash:7" and the like; null when it is not one.</summary>
    internal static PacketFanout? ParseFanout(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 2 || !ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort group))
        {
            return null;
        }

        FanoutMode? mode = parts[0].ToLowerInvariant() switch
        {
            "hash" => FanoutMode.Hash,
            "lb" => FanoutMode.Lb,
            "cpu" => FanoutMode.Cpu,
            "rollover" => FanoutMode.Rollover,
            _ => null,
        };
        return mode is { } m ? new PacketFanout(group, m) : null;
    }
}
