using System;
using System.Globalization;
using System.IO;
using System.Text;
using NetDrop.Cli.Output;
using Spectre.Console;

namespace NetDrop.Cli;

/// <summary>The console every command writes to.</summary>
internal static class ConsoleTerminal
{
    /// <summary>
    /// Width of output that is not a terminal: wide enough that no table row is ever wrapped, so a
    /// reason or function name stays whole for grep and awk.
    /// </summary>
    internal const int UnwrappedWidth = 4096;

    /// <summary>
    /// The console: on a terminal as wide as COLUMNS says (else as the terminal reports); to a pipe or a
    /// file without escape codes, live redraws or wrapping, through <see cref="StandardOutput"/> so a
    /// closed pipe ends the run.
    /// </summary>
    public static IAnsiConsole Create()
    {
        if (Console.IsOutputRedirected)
        {
            var writer = new StreamWriter(StandardOutput.Open(), new UTF8Encoding(false), 1 << 12) { AutoFlush = true };
            IAnsiConsole redirected = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(writer),
            });
            redirected.Profile.Width = UnwrappedWidth;
            return redirected;
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.Detect, Interactive = InteractionSupport.Detect });
        if (Columns(Environment.GetEnvironmentVariable("COLUMNS")) is { } columns)
        {
            console.Profile.Width = columns;
        }

        return console;
    }

    /// <summary>COLUMNS as a width, or null when it is absent or not a sensible number.</summary>
    internal static int? Columns(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int columns) && columns is >= 20 and <= UnwrappedWidth ? columns : null;
}
