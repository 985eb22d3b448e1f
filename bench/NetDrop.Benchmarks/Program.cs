using BenchmarkDotNet.Running;

namespace NetDrop.Benchmarks;

/// <summary>Runs the benchmarks: dotnet run -c Release --project bench/NetDrop.Benchmarks -- --filter '*'.</summary>
internal static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
