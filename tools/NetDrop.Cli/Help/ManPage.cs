using System;
using System.CommandLine;
using System.Linq;
using System.Text;

namespace NetDrop.Cli.Help;

/// <summary>
/// docs/netdrop.1 written from the command tree, the same descriptions --help prints, so the two cannot
/// drift apart (a test checks the file is current). No date in it: the same tree gives the same file.
/// </summary>
internal static class ManPage
{
    public static string Write(Command root)
    {
        var s = new StringBuilder();
        s.Append(".\\\" Written by 'netdrop man-page > docs/netdrop.1' from the descriptions --help prints; do not edit.\n");
        s.Append(".TH NETDROP 1 \"\" \"NetDrop\" \"User Commands\"\n");
        s.Append(".SH NAME\nnetdrop \\- see which packets the Linux kernel drops, where and why\n");
        s.Append(".SH SYNOPSIS\n.B netdrop\n.I command\n[\\fIoptions\\fR]\n");
        foreach (Command command in CommandTree.Commands(root))
        {
            s.Append(".br\n.B netdrop ").Append(command.Name).Append('\n');
        }

        s.Append(".SH DESCRIPTION\n").Append(Text(root.Description)).Append('\n');
        s.Append(".SH OPTIONS\n");
        foreach (Option option in CommandTree.Options(root, root))
        {
            Option(s, option);
        }

        s.Append(".SH COMMANDS\n");
        foreach (Command command in CommandTree.Commands(root))
        {
            Command(s, root, command, "netdrop " + command.Name);
        }

        s.Append(".SH EXIT STATUS\n");
        s.Append(".TP\n0\nDone: stopped by Ctrl\\-C (SIGINT), SIGTERM, SIGHUP, \\-\\-duration or \\-\\-count, or its reader closed standard output.\n");
        s.Append(".TP\n1\nRan, but could not do what was asked (the source, socket or interface cannot be used; a file is damaged).\n");
        s.Append(".TP\n2\nAsked wrongly: an unknown command or option, a bad value or filter.\n");
        s.Append(".SH SEE ALSO\n.BR tcpdump (1),\n.BR tshark (1),\n.BR dropwatch (1)\n");
        return s.ToString();
    }

    private static void Command(StringBuilder s, Command root, Command command, string path)
    {
        s.Append(".SS ").Append(Escape(path)).Append('\n');
        s.Append(Text(command.Description)).Append('\n');
        foreach (Argument argument in command.Arguments.Where(a => !a.Hidden))
        {
            s.Append(".TP\n\\fI").Append(Escape(argument.HelpName ?? argument.Name)).Append("\\fR\n").Append(Text(argument.Description)).Append('\n');
        }

        foreach (Option option in command.Options.Where(o => !o.Hidden))
        {
            Option(s, option);
        }

        foreach (Command sub in CommandTree.Commands(command))
        {
            Command(s, root, sub, path + " " + sub.Name);
        }
    }

    private static void Option(StringBuilder s, Option option)
    {
        s.Append(".TP\n").Append(string.Join(", ", CommandTree.Names(option).Select(n => "\\fB" + Escape(n) + "\\fR")));
        if (CommandTree.TakesValue(option))
        {
            s.Append(" \\fI").Append(Escape(option.HelpName ?? "VALUE")).Append("\\fR");
        }

        s.Append('\n').Append(Text(option.Description)).Append('\n');
    }

    /// <summary>A description as roff: paragraphs kept, indented blocks (examples) kept as they are.</summary>
    private static string Text(string? description)
    {
        var s = new StringBuilder();
        bool literal = false;
        foreach (string raw in (description ?? "").Trim().Split('\n'))
        {
            string line = raw.TrimEnd();
            bool indented = line.StartsWith("  ", StringComparison.Ordinal);
            if (indented && !literal)
            {
                s.Append(".nf\n");
                literal = true;
            }
            else if (!indented && literal)
            {
                s.Append(".fi\n");
                literal = false;
            }

            s.Append(line.Length == 0 ? ".PP" : Escape(indented ? line : line.TrimStart())).Append('\n');
        }

        if (literal)
        {
            s.Append(".fi\n");
        }

        return s.ToString().TrimEnd('\n');
    }

    // Backslashes and hyphens escaped; a line may not start with a control character ('.' or ''').
    private static string Escape(string text)
    {
        string escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
