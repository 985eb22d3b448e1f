using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace NetDrop.Package.Tests;

/// <summary>Runs dotnet (or a tool) to completion within a time bound and returns its exit code and output.</summary>
internal static class Dotnet
{
    public static (int Exit, string Output) Run(string workingDirectory, TimeSpan timeout, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No first-run banners or telemetry notices in the output the tests read.
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    public static string Check(string workingDirectory, TimeSpan timeout, string file, params string[] arguments)
    {
        (int exit, string output) = Run(workingDirectory, timeout, file, arguments);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {exit}:\n{output}");
        }

        return output;
    }

    /// <summary>The files git tracks, and the untracked ones it does not ignore: the tree as a commit of it would be.</summary>
    public static IReadOnlyList<string> SourceFiles(string repoRoot)
    {
        string listing = Check(repoRoot, TimeSpan.FromMinutes(1), "git", "ls-files", "--cached", "--others", "--exclude-standard", "-z");
        var files = new List<string>();
        foreach (string path in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(repoRoot, path)))
            {
                files.Add(path);
            }
        }

        return files;
    }
}
