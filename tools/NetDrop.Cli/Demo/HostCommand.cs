using System;
using System.Diagnostics;

namespace NetDrop.Cli.Demo;

/// <summary>Runs ip and nft with a deadline; the demo builds its network with the tools an operator knows.</summary>
internal static class HostCommand
{
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
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        string line = $"{file} {string.Join(' ', arguments)}";
        try
        {
            using Process process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                return $"{line} did not finish in 20 s";
            }

            return process.ExitCode == 0 ? null : $"{line} failed: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{line}: {e.Message} (install iproute2 and nftables)";
        }
    }
}
