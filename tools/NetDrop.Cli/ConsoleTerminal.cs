using System;
using Spectre.Console;

namespace NetDrop.Cli;

/// <summary>The console every command writes to.</summary>
internal static class ConsoleTerminal
{
    /// <summary>The console, without escape codes or live redraws when output goes to a pipe or a file.</summary>
    public static IAnsiConsole Create() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        Interactive = Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
    });
}
