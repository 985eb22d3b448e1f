using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.Linq;
using NetDrop.Cli.Demo;
using NetDrop.Cli.Help;
using NetDrop.Cli.Output;
using NetDrop.Cli.Read;

namespace NetDrop.Cli;

/// <summary>The netdrop command: see which packets the kernel drops, where and why.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Command root = Create();
        ParseResult parse = root.Parse(args, Parsing);
        if ((UsageProblem(root, parse) ?? OptionTakenAsArgument(parse, args)) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OutputClosedException e)
        {
            // Output that is not a run's (help, a report, a file's frames) stops where its reader stopped.
            if (e.IsBrokenPipe)
            {
                return ExitCodes.Ok;
            }

            Console.Error.WriteLine("netdrop: " + TerminalText.Escape(e.Message.ReplaceLineEndings(" ")));
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// The whole command tree: --help, the man page and the completion scripts are all read from it.
    /// The root is a plain command named netdrop rather than System.CommandLine's RootCommand, which is
    /// named for the executable (NetDrop.Cli under dotnet) and would put that name in every usage line.
    /// </summary>
    internal static Command Create()
    {
        var root = new Command("netdrop", "netdrop: see which packets the Linux kernel drops, where and why.")
        {
            new HelpOption(),
            new VersionOption { Action = new VersionText() },
        };
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(Doctor.DoctorCommand.Create());
        root.Subcommands.Add(ReadCommand.Create());
        root.Subcommands.Add(Watch.WatchCommand.Create());
        root.Subcommands.Add(Capture.CaptureCommand.Create());
        root.Subcommands.Add(Specs.SpecsCommand.Create());
        root.Subcommands.Add(Agent.AgentCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create(root));
        root.Subcommands.Add(ManPageCommand.Create(root));
        return root;
    }

    /// <summary>
    /// How arguments are read. No response files: System.CommandLine would replace an argument '@FILE'
    /// with FILE's words, read with NetDrop's rights (CAP_DAC_OVERRIDE, say) and echoed back in errors, so
    /// 'netdrop read @/etc/shadow' would print the file. '@FILE' is an argument like any other.
    /// </summary>
    internal static ParserConfiguration Parsing => new() { ResponseFileTokenReplacer = null };

    /// <summary>
    /// The one line (exit 2) for arguments no command's own check answers: an unknown command, or a parse
    /// error of a command without a <see cref="CheckedAction{TOptions}"/>. System.CommandLine would print
    /// the whole help and exit 1, the code kept for a source or device that cannot be used.
    /// </summary>
    internal static string? UsageProblem(Command root, ParseResult parse)
    {
        if (parse.Errors.Count == 0 || parse.Action is { ClearsParseErrors: true })
        {
            return null;
        }

        Command command = parse.CommandResult.Command;
        string name = command == root ? "netdrop" : "netdrop " + command.Name;
        string? token = parse.UnmatchedTokens.FirstOrDefault();
        string problem;
        if (token is not null && command == root && !token.StartsWith('-'))
        {
            string[] near = Near(token, root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            problem = $"unknown command '{token}'" + (near.Length > 0 ? $" (did you mean {string.Join(" or ", near)}?)" : "");
        }
        else if (token is not null && token.StartsWith('-'))
        {
            string[] near = Near(token, command.Options.Where(o => !o.Hidden).Select(o => o.Name));
            problem = $"unknown option '{token}'" + (near.Length > 0 ? $" (did you mean {string.Join(" or ", near)}?)" : "");
        }
        else if (token is not null)
        {
            problem = $"unexpected argument '{token}'";
        }
        else
        {
            problem = parse.Errors[0].Message.TrimEnd('.');
        }

        return TerminalText.Escape($"{name}: {problem}; run '{name} --help' for the {(command == root ? "commands" : "options")}.");
    }

    /// <summary>
    /// '--jsn' given to a command with an argument (read FILE) would be taken as the argument, and the
    /// command would say "no such file"; before a '--', a word that starts with '--' is an option.
    /// </summary>
    internal static string? OptionTakenAsArgument(ParseResult parse, string[] args)
    {
        if (Array.IndexOf(args, "--") >= 0)
        {
            return null;
        }

        Command command = parse.CommandResult.Command;
        foreach (System.CommandLine.Parsing.SymbolResult child in parse.CommandResult.Children)
        {
            if (child is System.CommandLine.Parsing.ArgumentResult argument
                && argument.Tokens.FirstOrDefault(t => t.Value.StartsWith("--", StringComparison.Ordinal) && t.Value.Length > 2) is { } token)
            {
                string[] near = Near(token.Value, command.Options.Where(o => !o.Hidden).Select(o => o.Name));
                string name = "netdrop " + command.Name;
                return TerminalText.Escape($"{name}: unknown option '{token.Value}'" + (near.Length > 0 ? $" (did you mean {string.Join(" or ", near)}?)" : "")
                    + $"; run '{name} --help' for the options.");
            }
        }

        return null;
    }

    // Two edits apart at most: 'wacth' (a transposition) is watch.
    private static string[] Near(string token, IEnumerable<string> names) =>
        names.Where(n => Watch.Filter.NearMatches.Distance(token, n) <= 2 || n.StartsWith(token, StringComparison.OrdinalIgnoreCase)).Take(3).ToArray();
}
