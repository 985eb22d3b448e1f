using System.Diagnostics;

namespace NetDrop.Generators.Tests;

/// <summary>The host tools the live tests compare with (ip, ethtool, genl), run with a bound on time.</summary>
internal static class HostTool
{
    /// <summary>Runs a tool; its exit code and its output and error text together.</summary>
    public static (int Code, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), program + " did not finish in 30 s");
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>Runs a tool that must succeed; its output.</summary>
    public static string Checked(string program, params string[] arguments)
    {
        (int code, string output) = Run(program, arguments);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)} failed: {output}");
        return output;
    }

    public static string Ip(params string[] arguments) => Checked("ip", arguments);
}
