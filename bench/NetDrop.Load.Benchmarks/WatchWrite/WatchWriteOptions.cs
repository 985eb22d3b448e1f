using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetDrop.Load.Benchmarks;

/// <summary>The watch-write benchmark's command line: how much load, how fast, how many rounds, which readers.</summary>
internal sealed record WatchWriteOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/NetDrop.Load.Benchmarks -- watch-write [options]   (as root)
          --seconds N        length of each reader's run at the measured maximum rate (default 5)
          --rate R|max       drops per second the generator paces to, or max (default max)
          --count N          drops per reader run (default: rate x seconds)
          --runs N           full rounds of the readers, for the spread (default 3)
          --buffer-kb N      netdrop's --buffer-size and perf record's -m, per CPU (default 4096)
          --readers LIST     comma-separated subset of tracepoint,bpf,perf (default all three):
                             netdrop watch --source tracepoint --write, netdrop watch --source bpf --write,
                             and perf record -e skb:kfree_skb, the reference
          --netdrop PATH     the netdrop command to run (default: this tree's Release build,
                             tools/NetDrop.Cli/bin/Release/net10.0/NetDrop.Cli; a NativeAOT binary works too)
          --reader-cpu N     CPU for the reader (default 0)
          --generator-cpu N  CPU for the load generator (default 1)
        """;

    public static readonly IReadOnlyList<string> AllReaders = ["tracepoint", "bpf", "perf"];

    public double Seconds { get; init; } = 5;

    /// <summary>Drops per second, or null for as fast as the generator can.</summary>
    public double? Rate { get; init; }

    public long? Count { get; init; }

    public int Runs { get; init; } = 3;

    public int BufferKilobytes { get; init; } = 4096;

    public IReadOnlyList<string> Readers { get; init; } = AllReaders;

    public string NetDropPath { get; init; } = CaptureOptions.DefaultNetDropPath();

    public int ReaderCpu { get; init; }

    public int GeneratorCpu { get; init; } = 1;

    public bool Help { get; init; }

    public static WatchWriteOptions Parse(ReadOnlySpan<string> args)
    {
        return OptionValues.Parse(args, new WatchWriteOptions(), help => help with { Help = true }, (options, name, value) => name switch
        {
            "--seconds" => options with { Seconds = OptionValues.PositiveDouble(name, value) },
            "--rate" => options with { Rate = OptionValues.Rate(name, value) },
            "--count" => options with { Count = OptionValues.PositiveLong(name, value) },
            "--runs" => options with { Runs = OptionValues.PositiveInt(name, value) },
            "--buffer-kb" => options with { BufferKilobytes = OptionValues.PositiveInt(name, value) },
            "--readers" => options with { Readers = OptionValues.Readers(value, AllReaders) },
            "--netdrop" => options with { NetDropPath = Path.GetFullPath(value) },
            "--reader-cpu" => options with { ReaderCpu = int.Parse(value, CultureInfo.InvariantCulture) },
            "--generator-cpu" => options with { GeneratorCpu = int.Parse(value, CultureInfo.InvariantCulture) },
            _ => throw new ArgumentException("unknown option " + name),
        });
    }
}
