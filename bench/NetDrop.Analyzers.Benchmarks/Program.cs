using System;
using BenchmarkDotNet.Running;

namespace NetDrop.Analyzers.Benchmarks;

/// <summary>
/// dotnet run -c Release --project bench/NetDrop.Analyzers.Benchmarks -- --filter '*' (BenchmarkDotNet),
/// or -- paired [rounds] (alternating rounds, median ratio, per-analyzer times).
/// </summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "paired")
        {
            PairedMeasurement.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
