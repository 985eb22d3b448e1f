using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// A tmux server and session of the test's own (its own socket, so nobody else's tmux is touched),
/// a fixed-size terminal running one shell command. Dispose kills the server and all in it.
/// </summary>
internal sealed class Tmux : IDisposable
{
    private readonly string _socket;

    public Tmux(string shellCommand, int width, int height)
    {
        _socket = "ndwatch-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Command.TryRun("tmux", "-L", _socket, "kill-server");
        Run("new-session", "-d", "-s", "watch", "-x", width.ToString(CultureInfo.InvariantCulture), "-y", height.ToString(CultureInfo.InvariantCulture), shellCommand);
    }

    /// <summary>What the pane shows now, one string per row.</summary>
    public string Capture() => Run("capture-pane", "-p", "-t", "watch");

    /// <summary>Polls the pane until <paramref name="match"/> holds; returns that screen.</summary>
    public string WaitFor(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        string screen = "";
        while (clock.Elapsed < timeout)
        {
            screen = Capture();
            if (match(screen))
            {
                return screen;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"the terminal did not show {what} within {timeout.TotalSeconds} s; it shows:\n{screen}");
    }

    public void SendKeys(string keys) => Run("send-keys", "-t", "watch", keys);

    /// <summary>The process the pane's shell started (the pane runs sh -c, which forks the command).</summary>
    public int PaneChild()
    {
        int shell = int.Parse(Run("list-panes", "-t", "watch", "-F", "#{pane_pid}").Trim(), CultureInfo.InvariantCulture);
        string children = File.ReadAllText($"/proc/{shell}/task/{shell}/children").Trim();
        return int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public void Dispose() => Command.TryRun("tmux", "-L", _socket, "kill-server");

    private string Run(params string[] arguments) => Command.Run("tmux", ["-L", _socket, .. arguments]);
}
