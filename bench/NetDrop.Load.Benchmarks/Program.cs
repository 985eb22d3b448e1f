using System;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// Load tests of NetDrop's readers against the kernel at full rate, each beside the usual tool
/// measured in the same run. BenchmarkDotNet measures methods; these measure a reader keeping up
/// with the kernel, so they are a small harness of their own.
///
///   tracepoint: skb:kfree_skb read by NetDrop's KfreeSkbSource, perf record and the text trace_pipe.
///   capture:    frames written to a file on tmpfs by netdrop capture, a C floor, tcpdump -w and
///               netsniff-ng, each a whole process, CPU less an idle run's.
///   watch:      netdrop watch --source bpf and tracepoint, each a whole process writing to tmpfs, beside
///               bpftrace printing the same fields; CPU per event, the generator's rate, the programs' run time.
///   watch-write: netdrop watch --write (tracepoint and BPF sources) beside perf record, whole processes, files on tmpfs.
///   agent:      netdrop agent under a sustained drop rate, its memory and CPU sampled every second (a soak).
///   links:      an RTM_GETLINK dump of 1,000 links through the code generated from rt-link.yaml, beside
///               ip -j link and pyroute2, whole processes and in-process.
///
///   sudo dotnet run -c Release --project bench/NetDrop.Load.Benchmarks -- tracepoint|capture|watch|watch-write|agent|links [options]
///
/// Exit codes: 0 measured (the verdict is in the output), 1 the harness failed, 2 not run (usage, not root).
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: dotnet run -c Release --project bench/NetDrop.Load.Benchmarks -- tracepoint|capture|watch|watch-write|agent|links [options]   (as root)
          tracepoint  NetDrop's skb:kfree_skb reader beside perf record and trace_pipe (--help for its options)
          capture     netdrop capture beside a C floor, tcpdump and netsniff-ng (--help for its options)
          watch       netdrop watch --source bpf|tracepoint beside bpftrace, whole processes (--help for its options)
          watch-write netdrop watch --write (tracepoint, bpf) beside perf record (--help for its options)
          agent       netdrop agent soaked under a sustained drop rate (--help for its options)
          links       a dump of 1,000 links through the generated rt-link code beside ip and pyroute2 (--help for its options)
        """;

    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : string.Empty;
        if (mode == "links-child" && args.Length == 2)
        {
            // The process the links benchmark measures; not for users.
            return LinkDumpChild.Run(args[1]);
        }

        if (mode is not ("tracepoint" or "capture" or "watch" or "watch-write" or "agent" or "links"))
        {
            Console.Error.WriteLine(Usage);
            return mode is "-h" or "--help" ? 0 : 2;
        }

        ReadOnlySpan<string> rest = args.AsSpan(1);
        Action<System.Threading.CancellationToken> run;
        try
        {
            if (mode == "tracepoint")
            {
                TracepointOptions options = TracepointOptions.Parse(rest.ToArray());
                if (options.Help)
                {
                    Console.WriteLine(TracepointOptions.Usage);
                    return 0;
                }

                run = cancel => TracepointBenchmark.Run(options, cancel);
            }
            else if (mode == "links")
            {
                LinkDumpOptions options = LinkDumpOptions.Parse(rest.ToArray());
                if (options.Help)
                {
                    Console.WriteLine(LinkDumpOptions.Usage);
                    return 0;
                }

                run = cancel => LinkDumpBenchmark.Run(options, cancel);
            }
            else if (mode == "watch")
            {
                WatchBenchmarkOptions options = WatchBenchmarkOptions.Parse(rest);
                if (options.Help)
                {
                    Console.WriteLine(WatchBenchmarkOptions.Usage);
                    return 0;
                }

                run = cancel => WatchBenchmark.Run(options, cancel);
            }
            else if (mode == "watch-write")
            {
                WatchWriteOptions options = WatchWriteOptions.Parse(rest);
                if (options.Help)
                {
                    Console.WriteLine(WatchWriteOptions.Usage);
                    return 0;
                }

                run = cancel => WatchWriteBenchmark.Run(options, cancel);
            }
            else if (mode == "agent")
            {
                AgentSoakOptions options = AgentSoakOptions.Parse(rest.ToArray());
                if (options.Help)
                {
                    Console.WriteLine(AgentSoakOptions.Usage);
                    return 0;
                }

                run = cancel => AgentSoak.Run(options, cancel);
            }
            else
            {
                CaptureOptions options = CaptureOptions.Parse(rest);
                if (options.Help)
                {
                    Console.WriteLine(CaptureOptions.Usage);
                    return 0;
                }

                run = cancel => CaptureBenchmark.Run(options, cancel);
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(mode switch { "tracepoint" => TracepointOptions.Usage, "agent" => AgentSoakOptions.Usage, "links" => LinkDumpOptions.Usage, "watch" => WatchBenchmarkOptions.Usage, "watch-write" => WatchWriteOptions.Usage, _ => CaptureOptions.Usage });
            return 2;
        }

        if (!OperatingSystem.IsLinux() || NativeMethods.GetEffectiveUserId() != 0)
        {
            Console.Error.WriteLine("NOT RUN: the load tests need Linux and root: they create network namespaces and a veth pair, and open tracefs instances or packet sockets. Run as root (sudo -E dotnet run ...).");
            return 2;
        }

        using var interruption = new Interruption();
        try
        {
            run(interruption.Token);
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
