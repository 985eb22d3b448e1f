using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;

namespace NetDrop.Load.Benchmarks;

/// <summary>The capture benchmark's command line: how much load, how fast, how many rounds, which readers, how big a ring.</summary>
internal sealed record CaptureOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/NetDrop.Load.Benchmarks -- capture [options]   (as root)
          --seconds N        length of each reader's run at the measured maximum rate (default 5)
          --rate R|max       frames per second the generator paces to, or max (default max)
          --count N          frames per reader run (default: rate x seconds)
          --runs N           full rounds of the readers, for the spread (default 3)
          --ring-kb N        ring size for netdrop (--ring-size), tcpdump (-B) and netsniff-ng (--ring-size) (default 4096);
                             the C floor always has 16 x 256 KiB blocks
          --readers LIST     comma-separated subset of netdrop,floor,tcpdump,netsniff,loop
                             (default netdrop,floor,tcpdump and netsniff when netsniff-ng is installed;
                             loop is NetDrop's capture loop inside the harness, for its allocations)
          --netdrop PATH     the netdrop command to run (default: this tree's Release build,
                             tools/NetDrop.Cli/bin/Release/net10.0/NetDrop.Cli; a NativeAOT binary works too)
          --reader-cpu N     CPU for the reader (default 0)
          --generator-cpu N  CPU for the load generator (default 1)
        """;

    public static readonly IReadOnlyList<string> AllReaders = ["netdrop", "floor", "tcpdump", "netsniff", "loop"];

    public double Seconds { get; init; } = 5;

    /// <summary>Frames per second, or null for as fast as the generator can.</summary>
    public double? Rate { get; init; }

    public long? Count { get; init; }

    public int Runs { get; init; } = 3;

    public int RingKilobytes { get; init; } = 4096;

    /// <summary>The readers asked for; null for the default set.</summary>
    public IReadOnlyList<string>? Readers { get; init; }

    public string NetDropPath { get; init; } = DefaultNetDropPath();

    public int ReaderCpu { get; init; }

    public int GeneratorCpu { get; init; } = 1;

    public bool Help { get; init; }

    /// <summary>The readers to run: those asked for, else every external one whose program is here.</summary>
    public IReadOnlyList<string> ChosenReaders() =>
        Readers ?? AllReaders.Where(r => r is not "loop" && (r != "netsniff" || Shell.IsInstalled("netsniff-ng"))).ToList();

    public static CaptureOptions Parse(ReadOnlySpan<string> args)
    {
        return OptionValues.Parse(args, new CaptureOptions(), help => help with { Help = true }, (options, name, value) => name switch
        {
            "--seconds" => options with { Seconds = OptionValues.PositiveDouble(name, value) },
            "--rate" => options with { Rate = OptionValues.Rate(name, value) },
            "--count" => options with { Count = OptionValues.PositiveLong(name, value) },
            "--runs" => options with { Runs = OptionValues.PositiveInt(name, value) },
            "--ring-kb" => options with { RingKilobytes = OptionValues.PositiveInt(name, value) },
            "--readers" => options with { Readers = OptionValues.Readers(value, AllReaders) },
            "--netdrop" => options with { NetDropPath = Path.GetFullPath(value) },
            "--reader-cpu" => options with { ReaderCpu = int.Parse(value, CultureInfo.InvariantCulture) },
            "--generator-cpu" => options with { GeneratorCpu = int.Parse(value, CultureInfo.InvariantCulture) },
            _ => throw new ArgumentException("unknown option " + name),
        });
    }

    /// <summary>The Release build of tools/NetDrop.Cli in the tree this harness was built from.</summary>
    public static string DefaultNetDropPath()
    {
        string root = typeof(CaptureOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value ?? string.Empty;
        return Path.Combine(root, "tools", "NetDrop.Cli", "bin", "Release", "net10.0", "NetDrop.Cli");
    }
}
