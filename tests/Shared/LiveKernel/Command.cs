using System;
using System.Diagnostics;
using NetDrop.Shared;

namespace NetDrop.Tests.LiveKernel;

/// <summary>Runs a command with a deadline and fails the test with its output when it fails.</summary>
internal static class Command
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static string Run(string file, params string[] arguments)
    {
        BoundedProcess.Outcome outcome = BoundedProcess.Run(file, arguments, Deadline);
        if (outcome.TimedOut)
        {
            throw new TimeoutException($"{BoundedProcess.Describe(file, arguments)} did not finish in 20 s");
        }

        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"{BoundedProcess.Describe(file, arguments)} exited {outcome.ExitCode}: {outcome.Error}{outcome.Output}");
        }

        return outcome.Output;
    }

    /// <summary>Runs and ignores failure: for cleanup, which must go on whatever is already gone.</summary>
    public static void TryRun(string file, params string[] arguments)
    {
        try
        {
            BoundedProcess.Run(file, arguments, Deadline);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    public static Process Start(string file, string[] arguments, bool redirectInput) => BoundedProcess.Start(file, arguments, redirectInput);
}
