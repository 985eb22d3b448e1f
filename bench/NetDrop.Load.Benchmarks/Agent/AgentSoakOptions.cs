using System;
using System.Globalization;
using System.IO;

namespace NetDrop.Load.Benchmarks;

/// <summary>The agent soak's command line.</summary>
internal sealed record AgentSoakOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/NetDrop.Load.Benchmarks -- agent --netdrop PATH [options]   (as root)
          --netdrop PATH     the netdrop to run: the NativeAOT binary, or NetDrop.Cli.dll (run with dotnet)
          --seconds N        how long the load and the agent run (default 600)
          --rate R           drops per second the generator paces to (default 20000)
          --warmup N         seconds before memory must stay flat (default 60)
          --csv FILE         also write every second's sample (seconds, rss_kib, cpu_percent, drops_counted)
          --generator-cpu N  CPU for the load generator (default 1)
        """;

    public string? Netdrop { get; init; }

    public double Seconds { get; init; } = 600;

    public double Rate { get; init; } = 20_000;

    public double Warmup { get; init; } = 60;

    public string? Csv { get; init; }

    public int GeneratorCpu { get; init; } = 1;

    public bool Help { get; init; }

    public static AgentSoakOptions Parse(string[] args)
    {
        var options = new AgentSoakOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
            {
                return options with { Help = true };
            }

            string value = i + 1 < args.Length ? args[++i] : throw new ArgumentException(name + " needs a value");
            options = name switch
            {
                "--netdrop" => options with { Netdrop = File.Exists(value) ? Path.GetFullPath(value) : throw new ArgumentException($"--netdrop: {value} does not exist (build it first; see docs/fleet.md)") },
                "--seconds" => options with { Seconds = OptionValues.Positive(name, double.Parse(value, CultureInfo.InvariantCulture)) },
                "--rate" => options with { Rate = OptionValues.Positive(name, double.Parse(value, CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = OptionValues.Positive(name, double.Parse(value, CultureInfo.InvariantCulture)) },
                "--csv" => options with { Csv = value },
                "--generator-cpu" => options with { GeneratorCpu = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        if (options.Netdrop is null)
        {
            throw new ArgumentException("--netdrop PATH is required: the netdrop binary or NetDrop.Cli.dll to soak");
        }

        return options.Warmup < options.Seconds ? options : throw new ArgumentException("--warmup must be shorter than --seconds");
    }
}
