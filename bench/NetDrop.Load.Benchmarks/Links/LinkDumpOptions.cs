using System;
using System.Globalization;

namespace NetDrop.Load.Benchmarks;

/// <summary>Options of the links benchmark.</summary>
internal sealed record LinkDumpOptions(int Pairs, int Rounds, bool Help)
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/NetDrop.Load.Benchmarks -- links [--pairs N] [--rounds N]   (as root)
          An RTM_GETLINK dump of every link of a namespace holding N veth pairs (2N links and lo), through the
          code generated from rt-link.yaml, beside 'ip -j link' and pyroute2's IPRoute().get_links(), each a
          whole process; then the same dump in-process on a warm connection, on the handler path and on an
          allocating path.
          --pairs N    veth pairs to make (default 500: 1,000 links; this kernel has no dummy links)
          --rounds N   rounds of every measurement (default 7)
        """;

    public static LinkDumpOptions Parse(string[] args)
    {
        int pairs = 500;
        int rounds = 7;
        bool help = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--pairs":
                    pairs = Count(args, ++i, "--pairs", 4096);
                    break;
                case "--rounds":
                    rounds = Count(args, ++i, "--rounds", 1000);
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                default:
                    throw new ArgumentException($"links: unknown option '{args[i]}'");
            }
        }

        return new LinkDumpOptions(pairs, rounds, help);
    }

    private static int Count(string[] args, int index, string option, int max)
    {
        if (index >= args.Length)
        {
            throw new ArgumentException($"links: {option} needs a number");
        }

        int value = int.Parse(args[index], NumberStyles.None, CultureInfo.InvariantCulture);
        if (value < 1 || value > max)
        {
            throw new ArgumentException($"links: {option} must be 1 to {max}");
        }

        return value;
    }
}
