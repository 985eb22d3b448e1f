using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace NetDrop.Tests.Capture;

/// <summary>Runs Debian's tshark on a file and returns what it printed, with its warning about running as root removed.</summary>
internal static class Tshark
{
    /// <summary>tshark as PATH finds it (Debian puts it in /usr/bin); "tshark" when it is not there, which a <see cref="TsharkFactAttribute"/> test skips on.</summary>
    public static string Path => NetDrop.Shared.HostTool.Find("tshark") ?? "tshark";

    public static bool Installed => NetDrop.Shared.HostTool.Exists("tshark");

    public static (string[] Stdout, string[] Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("tshark " + string.Join(' ', arguments) + " did not finish in 60 s");
        }

        string[] errors = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("Running as user \"root\"", StringComparison.Ordinal))
            .ToArray();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tshark {string.Join(' ', arguments)} exited {process.ExitCode}: {string.Join('\n', errors)}");
        }

        return (stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), errors);
    }

    /// <summary>The -T fields output of the given fields, one row per frame.</summary>
    public static List<string[]> Fields(string file, params string[] fields)
    {
        var arguments = new List<string> { "-r", file, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|" };
        foreach (string field in fields)
        {
            arguments.Add("-e");
            arguments.Add(field);
        }

        (string[] stdout, string[] stderr) = Run(arguments.ToArray());
        Assert.Empty(stderr);
        return stdout.Select(line => line.Split('\t')).ToList();
    }

    /// <summary>
    /// Every warning tshark has about the file: its stderr, and the lines of the full decode that report
    /// malformed packets or expert information of severity Warning or Error (packet comments are expert
    /// items of severity Comment, and a SYN is one of severity Chat: neither is a problem).
    /// </summary>
    public static List<string> Problems(string file)
    {
        (string[] stdout, string[] stderr) = Run("-r", file, "-V");
        var problems = new List<string>(stderr);
        problems.AddRange(stdout.Where(l =>
            l.Contains("Malformed", StringComparison.OrdinalIgnoreCase)
            || l.Contains("[Expert Info (Warning/", StringComparison.Ordinal)
            || l.Contains("[Expert Info (Error/", StringComparison.Ordinal)));
        return problems;
    }
}

/// <summary>A test that needs tshark; skipped, saying so, where it is not installed.</summary>
public sealed class TsharkFactAttribute : FactAttribute
{
    public TsharkFactAttribute()
    {
        if (!Tshark.Installed)
        {
            Skip = "TSHARK TEST NOT RUN: it needs Wireshark's tshark (apt-get install tshark) to read the written file.";
        }
    }
}
