using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetDrop.Load.Benchmarks;

/// <summary>The watch benchmark's command line: how much load, how fast, how many rounds, which tracers.</summary>
internal sealed record WatchBenchmarkOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/NetDrop.Load.Benchmarks -- watch [options]   (as root)
          --seconds N        length of each tracer's run at the measured maximum rate (default 3)
          --rate R|max       drops per second the generator paces to, or max (default max)
          --count N          drops per run (default: rate x seconds)
          --runs N           full rounds of the tracers, for the spread (default 3)
          --readers LIST     comma-separated subset of bpftrace,bpf-json,bpf-packet,tracepoint-json,tracepoint-packet
                             (default all): bpftrace printing the BPF source's fields, and netdrop watch
                             --source bpf|tracepoint --json|--mode packet
          --netdrop PATH     the netdrop command to run (default: this tree's Release build,
                             tools/NetDrop.Cli/bin/Release/net10.0/NetDrop.Cli; a NativeAOT binary works too)
          --reader-cpu N     CPU for the tracer (default 0)
          --generator-cpu N  CPU for the load generator (default 1)
        """;

    public static readonly IReadOnlyList<string> AllReaders = ["bpftrace", "bpf-json", "bpf-packet", "tracepoint-json", "tracepoint-packet"];

    public double Seconds { get; init; } = 3;

    /// <summary>Drops per second, or null for as fast as the generator can.</summary>
    public double? Rate { get; init; }

    public long? Count { get; init; }

    public int Runs { get; init; } = 3;

    public IReadOnlyList<string> Readers { get; init; } = AllReaders;

    public string NetDropPath { get; init; } = CaptureOptions.DefaultNetDropPath();

    public int ReaderCpu { get; init; }

    public int GeneratorCpu { get; init; } = 1;

    public bool Help { get; init; }

    public static WatchBenchmarkOptions Parse(ReadOnlySpan<string> args)
    {
        return OptionValues.Parse(args, new WatchBenchmarkOptions(), help => help with { Help = true }, (options, name, value) => name switch
        {
            "--seconds" => options with { Seconds = OptionValues.PositiveDouble(name, value) },
            "--rate" => options with { Rate = OptionValues.Rate(name, value) },
            "--count" => options with { Count = OptionValues.PositiveLong(name, value) },
            "--runs" => options with { Runs = OptionValues.PositiveInt(name, value) },
            "--readers" => options with { Readers = OptionValues.Readers(value, AllReaders) },
            "--netdrop" => options with { NetDropPath = Path.GetFullPath(value) },
            "--reader-cpu" => options with { ReaderCpu = int.Parse(value, CultureInfo.InvariantCulture) },
            "--generator-cpu" => options with { GeneratorCpu = int.Parse(value, CultureInfo.InvariantCulture) },
            _ => throw new ArgumentException("unknown option " + name),
        });
    }
}
