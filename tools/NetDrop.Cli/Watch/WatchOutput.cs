using System;
using System.IO;
using NetDrop.Cli.Output;
using Spectre.Console;

namespace NetDrop.Cli.Watch;

/// <summary>
/// Where netdrop watch writes: the drops (table, packet lines, JSON) to standard output, and nothing else,
/// so a pipe or a file holds only data; the source line, totals and errors to standard error.
/// </summary>
internal sealed class WatchOutput
{
    private readonly TextWriter _info;

    public WatchOutput(IAnsiConsole console, Stream stdout, TextWriter info, TextWriter error)
    {
        Console = console;
        Stdout = stdout;
        _info = info;
        Error = error;
    }

    /// <summary>The terminal for the table (no escape codes or redraws when output is redirected).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Raw standard output, for packet lines and JSON.</summary>
    public Stream Stdout { get; }

    public TextWriter Error { get; }

    /// <summary>Whether the table can be redrawn in place.</summary>
    public bool IsInteractive => Console.Profile.Capabilities.Interactive && Console.Profile.Capabilities.Ansi;

    /// <summary>
    /// A line about the run (source, totals), written whole: never wrapped to the terminal's width. It can
    /// quote the kernel (a tracefs instance's name, the source's explanation), so it is escaped.
    /// </summary>
    public void Info(string line)
    {
        _info.WriteLine(TerminalText.Escape(line));
        _info.Flush();
    }

    /// <summary>The process's own console: tables through Spectre, drops on stdout, every other line on stderr.</summary>
    public static WatchOutput ForConsole() => new(
        ConsoleTerminal.Create(),
        StandardOutput.Open(),
        System.Console.Error,
        System.Console.Error);
}
