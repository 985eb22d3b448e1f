using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace NetDrop.Cli.Help;

/// <summary>The visible commands and options of the tree, as the man page and the completion scripts list them.</summary>
internal static class CommandTree
{
    public static IEnumerable<Command> Commands(Command root) => root.Subcommands.Where(c => !c.Hidden);

    /// <summary>A command's own options and the recursive ones it inherits (--help), without hidden ones.</summary>
    public static IEnumerable<Option> Options(Command command, Command root) =>
        command.Options.Concat(command == root ? [] : root.Options.Where(o => o.Recursive && !command.Options.Contains(o)))
            .Where(o => !o.Hidden)
            .DistinctBy(o => o.Name);

    /// <summary>Every name of an option: --count, -c.</summary>
    public static IEnumerable<string> Names(Option option) =>
        new[] { option.Name }.Concat(option.Aliases.Order(StringComparer.Ordinal)).Where(n => n.Length >= 2 && n[0] == '-' && char.IsAsciiLetter(n.TrimStart('-')[0]));

    /// <summary>The values a choice option takes, from its help name ("auto|netdm|tracepoint"); empty for other options.</summary>
    public static IReadOnlyList<string> Choices(Option option) =>
        option.HelpName is { } help && help.Contains('|') ? help.Split('|') : [];

    /// <summary>Whether the option takes a value (a flag does not).</summary>
    public static bool TakesValue(Option option) => option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);
}
