using System;
using System.CommandLine;

namespace NetDrop.Cli.Help;

/// <summary>netdrop completion bash|zsh|fish: prints the shell's completion script.</summary>
internal static class CompletionCommand
{
    public static Command Create(Command root)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish.", HelpName = "bash|zsh|fish" };
        var command = new Command("completion", """
            Print the completion script of a shell: commands, options and their choices, as --help lists them.

            Examples:
              source <(netdrop completion bash)           # in ~/.bashrc
              source <(netdrop completion zsh)            # in ~/.zshrc
              netdrop completion fish | source            # in ~/.config/fish/config.fish
            """)
        {
            shell,
        };
        command.Action = new CheckedAction<string>("completion", parse =>
        {
            string name = parse.GetValue(shell) ?? "";
            return Array.IndexOf(CompletionScript.Shells, name) >= 0 ? (name, null) : (null, $"no completion script for '{name}': the shells are bash, zsh and fish");
        }, name =>
        {
            Console.Out.Write(CompletionScript.For(name, root));
            return ExitCodes.Ok;
        });
        return command;
    }
}
