using System;

namespace NetDrop.Tracing.Benchmarks;

/// <summary>
/// Load test of the skb:kfree_skb readers: NetDrop's KfreeSkbSource, perf record, and the text
/// trace_pipe, each against its own run of the same drop flood, with loss, rate, CPU and allocation
/// per event measured in the same process run. BenchmarkDotNet measures methods; this measures a
/// reader keeping up with the kernel, so it is a small harness of its own.
///
///   sudo dotnet run -c Release --project bench/NetDrop.Tracing.Benchmarks -- [--seconds N] [--rate R|max] [--runs N]
///
/// Exit codes: 0 measured (the verdict is in the output), 1 the harness failed, 2 not run (usage, not root).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        if (!OperatingSystem.IsLinux() || NativeMethods.GetEffectiveUserId() != 0)
        {
            Console.Error.WriteLine("NOT RUN: the tracepoint benchmark needs Linux and root: it creates network namespaces, a veth pair and tracefs instances, and runs perf record -a. Run it as root (sudo -E dotnet run ...).");
            return 2;
        }

        using var interruption = new Interruption();
        try
        {
            Benchmark.Run(options, interruption.Token);
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted; namespaces, tracefs instances and files were removed");
            return 130;
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 2;
        }
        catch (Exception exception) when (exception is HarnessException or NetDrop.Tracing.TracefsUnavailableException or System.IO.IOException)
        {
            Console.Error.WriteLine("HARNESS FAILED: " + exception.Message);
            return 1;
        }
        catch (Exception exception)
        {
            // Caught rather than left unhandled, so the finally blocks that remove namespaces and instances have run.
            Console.Error.WriteLine("HARNESS FAILED (unexpected): " + exception);
            return 1;
        }
    }
}
