using System;
using NetDrop.Shared;

namespace NetDrop.Cli.Demo;

/// <summary>Runs ip and nft with a deadline; the demo builds its network with the tools an operator knows.</summary>
internal static class HostCommand
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static void Run(string file, params string[] arguments)
    {
        if (TryRun(file, arguments) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>Runs the command; null when it succeeded, else what went wrong.</summary>
    public static string? TryRun(string file, params string[] arguments)
    {
        string line = BoundedProcess.Describe(file, arguments);
        try
        {
            BoundedProcess.Outcome outcome = BoundedProcess.Run(file, arguments, Deadline);
            return outcome.TimedOut ? $"{line} did not finish in 20 s"
                : outcome.ExitCode == 0 ? null
                : $"{line} failed: {outcome.Error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{line}: {e.Message} (apt-get install iproute2)";
        }
    }
}
