using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// The real netdrop binary running in the background, its output collected line by line so a test can
/// wait for a line (the source is open), signal it, and read what it printed. Killed on dispose if still running.
/// </summary>
internal sealed class NetdropProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = new();
    private readonly List<string> _stderr = new();
    private readonly object _lock = new();

    private NetdropProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>The dotnet host that runs the tests, for running the CLI beside them.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "NetDrop.Cli.dll");

    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToList();
            }
        }
    }

    public IReadOnlyList<string> Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToList();
            }
        }
    }

    /// <summary>Everything printed so far, for assertion messages.</summary>
    public string Transcript => "stdout:\n" + string.Join('\n', Stdout) + "\nstderr:\n" + string.Join('\n', Stderr);

    public static NetdropProcess Start(params string[] arguments) => Start(prefix: [], arguments);

    /// <summary>
    /// Runs netdrop as the user nobody holding only <paramref name="capabilities"/> (setpriv names, e.g.
    /// "dac_override,syslog"; empty for none), as an operator would grant them instead of root.
    /// </summary>
    public static NetdropProcess StartWithCapabilities(string capabilities, params string[] arguments)
    {
        // dotnet writes first-run state under HOME; nobody's HOME does not exist.
        string home = Path.Combine(Path.GetTempPath(), "netdrop-nobody-home");
        Directory.CreateDirectory(home);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(home, (UnixFileMode)0x1FF);
        }
        string caps = string.Join(',', capabilities.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => "+" + c));
        var prefix = new List<string> { "--reuid=nobody", "--regid=nogroup", "--clear-groups" };
        if (caps.Length > 0)
        {
            prefix.Add("--inh-caps=" + caps);
            prefix.Add("--ambient-caps=" + caps);
        }

        prefix.AddRange(["env", "HOME=" + home, "DOTNET_CLI_HOME=" + home, DotnetHost]);
        return Start("setpriv", prefix, arguments);
    }

    /// <summary>Runs netdrop inside the network namespace <paramref name="ns"/> (ip netns exec), as an operator would.</summary>
    public static NetdropProcess StartInNamespace(string ns, params string[] arguments) =>
        Start("ip", ["netns", "exec", ns, DotnetHost], arguments);

    /// <summary>
    /// Runs netdrop under a wrapper: <paramref name="file"/> with <paramref name="prefix"/>, then the CLI
    /// assembly and <paramref name="arguments"/> (the prefix ends with the command that runs the dotnet host).
    /// </summary>
    public static NetdropProcess StartUnder(string file, IReadOnlyList<string> prefix, params string[] arguments) =>
        Start(file, prefix, arguments);

    private static NetdropProcess Start(IReadOnlyList<string> prefix, string[] arguments) => Start(DotnetHost, prefix, arguments);

    private static NetdropProcess Start(string file, IReadOnlyList<string> prefix, string[] arguments)
    {
        // Through env --default-signal=INT,HUP, which execs in place (the pid stays netdrop's): a test run
        // started as a background job inherits SIGINT ignored, and one started under nohup SIGHUP, and
        // netdrop would inherit that too, as a user's Ctrl-C never is and systemd's reload never is.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--default-signal=INT,HUP");
        start.ArgumentList.Add(file);
        foreach (string argument in prefix)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(CliPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A wide, plain console: table rows must not wrap or carry colour codes.
        start.Environment["COLUMNS"] = "200";
        start.Environment["NO_COLOR"] = "1";
        return new NetdropProcess(Process.Start(start)!);
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>) and returns the exit code.</summary>
    public static (int Exit, NetdropProcess Process) Run(TimeSpan timeout, params string[] arguments)
    {
        NetdropProcess process = Start(arguments);
        return (process.WaitForExit(timeout), process);
    }

    /// <summary><see cref="StartWithCapabilities"/>, run to the end (at most <paramref name="timeout"/>).</summary>
    public static (int Exit, NetdropProcess Process) RunWithCapabilities(TimeSpan timeout, string capabilities, params string[] arguments)
    {
        NetdropProcess process = StartWithCapabilities(capabilities, arguments);
        return (process.WaitForExit(timeout), process);
    }

    /// <summary>Waits until a line on either stream satisfies <paramref name="match"/>.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            string? line = Stdout.Concat(Stderr).FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                break;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"no such line from netdrop within {timeout.TotalSeconds} s (exited: {_process.HasExited})\n{Transcript}");
    }

    /// <summary>Waits for "Source: …", printed once the kernel is recording.</summary>
    public void WaitUntilWatching() => WaitForLine(l => l.StartsWith("Source: ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

    public void Signal(string signal) => Command.Run("kill", "-s", signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"netdrop did not exit within {timeout.TotalSeconds} s\n{Transcript}");
        }

        // The parameterless wait returns once the output streams are fully read.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private void Append(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            lines.Add(line);
        }
    }
}
