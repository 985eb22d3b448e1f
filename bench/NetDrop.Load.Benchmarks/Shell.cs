using System;
using System.Diagnostics;
using NetDrop.Shared;

namespace NetDrop.Load.Benchmarks;

/// <summary>Runs the tools the harness drives (ip, gcc, perf, the load generator), every one with a deadline.</summary>
internal static class Shell
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Runs to completion and returns stdout; a failure or a missed deadline is a <see cref="HarnessException"/>.</summary>
    public static string Run(string file, params string[] arguments) => Run(DefaultDeadline, file, arguments);

    public static string Run(TimeSpan deadline, string file, params string[] arguments)
    {
        BoundedProcess.Outcome outcome;
        try
        {
            outcome = BoundedProcess.Run(file, arguments, deadline);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new HarnessException($"could not start {file}: {exception.Message}", exception);
        }

        if (outcome.TimedOut)
        {
            throw new HarnessException($"{Describe(file, arguments)} did not finish in {deadline.TotalSeconds:0} s");
        }

        if (outcome.ExitCode != 0)
        {
            throw new HarnessException($"{Describe(file, arguments)} exited {outcome.ExitCode}: {outcome.Error.Trim()} {outcome.Output.Trim()}");
        }

        return outcome.Output;
    }

    /// <summary>Runs and ignores failure: cleanup must go on whatever is already gone.</summary>
    public static void TryRun(string file, params string[] arguments)
    {
        try
        {
            Run(TimeSpan.FromSeconds(20), file, arguments);
        }
        catch (Exception exception) when (exception is HarnessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>Starts a process with stdout and stderr redirected (the caller reads them) and stdin left alone.</summary>
    public static Process Start(string file, params string[] arguments) => Start(redirectInput: false, file, arguments);

    /// <summary>
    /// Starts a process with stdout and stderr redirected, and stdin too when <paramref name="redirectInput"/>.
    /// The harness starts its helpers from its main thread: their parent-death signal (loadgen.c)
    /// fires when the thread that started them ends, and that one lasts as long as the harness.
    /// </summary>
    public static Process Start(bool redirectInput, string file, params string[] arguments)
    {
        try
        {
            return BoundedProcess.Start(file, arguments, redirectInput);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new HarnessException($"could not start {file}: {exception.Message}", exception);
        }
    }

    /// <summary>Whether <paramref name="program"/> is on the PATH (or in /usr/sbin and /sbin, where capture tools live).</summary>
    public static bool IsInstalled(string program)
    {
        string path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty) + ":/usr/sbin:/sbin";
        foreach (string directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory, program)))
            {
                return true;
            }
        }

        return false;
    }

    public static string Describe(string file, string[] arguments) => BoundedProcess.Describe(file, arguments);
}
