using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace NetDrop.Shared;

/// <summary>
/// Runs a host tool (ip, nft, gcc, perf) with a deadline and captures what it prints. One source file,
/// compiled into the command, the live test projects and the load benchmark: each words a failure its
/// own way (a demo problem, a failed test, a harness error), but they start, read and time out alike.
/// Both pipes are read while the tool runs, so a chatty tool cannot block on a full pipe, and a tool
/// that outlives the deadline is killed with its children.
/// </summary>
internal static class BoundedProcess
{
    /// <summary>How a run ended: the exit code (-1 when killed at the deadline) and all it printed.</summary>
    public readonly record struct Outcome(int ExitCode, string Output, string Error, bool TimedOut);

    /// <summary>Runs <paramref name="file"/> to completion or until <paramref name="deadline"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started (not installed, not executable).</exception>
    public static Outcome Run(string file, IEnumerable<string> arguments, TimeSpan deadline)
    {
        using Process process = Start(file, arguments, redirectInput: false);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(deadline))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new Outcome(-1, output.Result, error.Result, TimedOut: true);
        }

        // The exit with no timeout: it also waits for the output to reach the end of both pipes.
        process.WaitForExit();
        return new Outcome(process.ExitCode, output.Result, error.Result, TimedOut: false);
    }

    /// <summary>Starts <paramref name="file"/> with stdout and stderr redirected (the caller reads them), and stdin when <paramref name="redirectInput"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started.</exception>
    public static Process Start(string file, IEnumerable<string> arguments, bool redirectInput)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
    }

    /// <summary>The command line, for messages.</summary>
    public static string Describe(string file, IEnumerable<string> arguments) => file + " " + string.Join(' ', arguments);
}
