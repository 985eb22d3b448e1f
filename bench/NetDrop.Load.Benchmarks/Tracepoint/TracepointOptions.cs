using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.Load.Benchmarks;

/// <summary>The command line: how much load, how fast, how many rounds, which readers.</summary>
internal sealed record TracepointOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/NetDrop.Load.Benchmarks -- tracepoint [options]   (as root)
          --seconds N        length of each reader's run at the measured maximum rate (default 5)
          --rate R|max       packets per second the generator paces to, or max (default max)
          --count N          packets per reader run (default: rate x seconds)
          --runs N           full rounds of the three readers, for the spread (default 3)
          --buffer-kb N      ring buffer per CPU for NetDrop and the trace_pipe instance (default 4096)
          --perf-mmap-kb N   perf record's buffer per CPU (default: the same as --buffer-kb; 0: perf's own default)
          --load L           otherhost (AF_PACKET frames to a MAC nobody has, the faster) or nosocket (UDP to a closed port)
          --readers LIST     comma-separated subset of netdrop,perf,tracepipe,bpf (default the first three;
                             bpf is NetDrop's BPF source, which sees every drop on the machine and keeps the load's in user space)
          --reader-cpu N     CPU for the reader (default 0)
          --generator-cpu N  CPU for the load generator (default 1)
        """;

    public static readonly IReadOnlyList<string> AllReaders = ["netdrop", "perf", "tracepipe", "bpf"];

    public double Seconds { get; init; } = 5;

    /// <summary>Packets per second, or null for as fast as the generator can.</summary>
    public double? Rate { get; init; }

    public long? Count { get; init; }

    public int Runs { get; init; } = 3;

    public int BufferKilobytes { get; init; } = 4096;

    /// <summary>perf record -m in KiB per CPU; 0 leaves perf's default; null means the same as <see cref="BufferKilobytes"/>.</summary>
    public int? PerfMmapKilobytes { get; init; }

    public DropLoadKind Load { get; init; } = DropLoadKind.Otherhost;

    public IReadOnlyList<string> Readers { get; init; } = ["netdrop", "perf", "tracepipe"];

    public int ReaderCpu { get; init; }

    public int GeneratorCpu { get; init; } = 1;

    public bool Help { get; init; }

    public static TracepointOptions Parse(string[] args)
    {
        return OptionValues.Parse(args, new TracepointOptions(), help => help with { Help = true }, (options, name, value) => name switch
        {
            "--seconds" => options with { Seconds = OptionValues.PositiveDouble(name, value) },
            "--rate" => options with { Rate = OptionValues.Rate(name, value) },
            "--count" => options with { Count = OptionValues.PositiveLong(name, value) },
            "--runs" => options with { Runs = OptionValues.PositiveInt(name, value) },
            "--buffer-kb" => options with { BufferKilobytes = OptionValues.PositiveInt(name, value) },
            "--perf-mmap-kb" => options with { PerfMmapKilobytes = int.Parse(value, CultureInfo.InvariantCulture) },
            "--load" => options with { Load = value switch
            {
                "otherhost" => DropLoadKind.Otherhost,
                "nosocket" => DropLoadKind.NoSocket,
                _ => throw new ArgumentException("--load is otherhost or nosocket"),
            } },
            "--readers" => options with { Readers = OptionValues.Readers(value, AllReaders) },
            "--reader-cpu" => options with { ReaderCpu = int.Parse(value, CultureInfo.InvariantCulture) },
            "--generator-cpu" => options with { GeneratorCpu = int.Parse(value, CultureInfo.InvariantCulture) },
            _ => throw new ArgumentException("unknown option " + name),
        });
    }
}
