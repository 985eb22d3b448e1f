using System;
using System.Text;

namespace NetDrop.Cli;

/// <summary>
/// The runtime's advice names its own API (DropMonitorOptions.TakeOverNetDm, DropMonitor.Open,
/// SystemReport.Gather), since a library's users have no command to run. The command says the same
/// thing in its own flags wherever it prints a runtime message or finding: this is the one list.
/// </summary>
internal static class CommandAdvice
{
    // Runtime phrase → the command's phrase. Each phrase is specific enough to occur only where the
    // runtime writes that advice, and no command phrase contains its runtime phrase, so wording a text
    // twice changes nothing.
    private static readonly (string Runtime, string Command)[] Phrases =
    [
        ("(DropMonitorOptions.TakeOverNetDm)", "(netdrop watch --take-over, DropMonitorOptions.TakeOverNetDm)"),
        ("then gather the report again (SystemReport.Gather)", "then run netdrop doctor again"),
        ("open it as root (DropMonitor.Open) to use it", "run netdrop watch as root to use it"),
        ("when it opens NET_DM as root (DropMonitor.Open)", "when it opens NET_DM as root (netdrop watch)"),
        ("run as root for CAP_", "run as root (sudo netdrop ...) for CAP_"),
        ("(the whole log is in BpfVerifierException.Log;", "(netdrop watch --verbose prints the whole log;"),
        ("(DropMonitorOptions.HardwareDrops)", "(netdrop watch --hardware)"),
        ("; use the tracepoint source.", "; use netdrop watch --source tracepoint."),
    ];

    /// <summary>A runtime message or finding in the command's words.</summary>
    public static string Word(string text)
    {
        StringBuilder? worded = null;
        foreach ((string runtime, string command) in Phrases)
        {
            if (text.Contains(runtime, StringComparison.Ordinal))
            {
                worded ??= new StringBuilder(text);
                worded.Replace(runtime, command);
            }
        }

        return worded?.ToString() ?? text;
    }
}
