using System;
using System.Diagnostics;

namespace NetDrop.Tests.LiveKernel;

/// <summary>Runs a command with a deadline and fails the test with its output when it fails.</summary>
internal static class Command
{
    public static string Run(string file, params string[] arguments)
    {
        using Process process = Start(file, arguments, redirectInput: false);
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 20 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {error}{output}");
        }

        return output;
    }

    /// <summary>Runs and ignores failure: for cleanup, which must go on whatever is already gone.</summary>
    public static void TryRun(string file, params string[] arguments)
    {
        try
        {
            using Process process = Start(file, arguments, redirectInput: false);
            process.WaitForExit(TimeSpan.FromSeconds(20));
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    public static Process Start(string file, string[] arguments, bool redirectInput)
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
}
