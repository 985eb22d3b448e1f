using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text;

namespace NetDrop.Cli.Help;

/// <summary>
/// Shell completion scripts written from the command tree, so they list exactly the commands, options
/// and choices --help shows: commands after netdrop, a command's options after it, and a choice option's
/// values (--source auto|netdm|tracepoint) after the option. Static scripts: completing runs no netdrop.
/// </summary>
internal static class CompletionScript
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    public static string For(string shell, Command root) => shell switch
    {
        "bash" => Bash(root),
        "zsh" => Zsh(root),
        "fish" => Fish(root),
        _ => throw new ArgumentException($"no completion script for '{shell}'", nameof(shell)),
    };

    /// <summary>Every command with its path after netdrop ("watch", "specs sync"), the root first as "".</summary>
    private static IEnumerable<(string Path, Command Command)> Paths(Command root)
    {
        var pending = new Queue<(string, Command)>();
        pending.Enqueue(("", root));
        while (pending.Count > 0)
        {
            (string path, Command command) = pending.Dequeue();
            yield return (path, command);
            foreach (Command sub in CommandTree.Commands(command))
            {
                pending.Enqueue((path.Length == 0 ? sub.Name : path + " " + sub.Name, sub));
            }
        }
    }

    private static string Bash(Command root)
    {
        var s = new StringBuilder();
        s.Append("""
            # netdrop completion for bash. Load it with: source <(netdrop completion bash)
            _netdrop() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" path="" i next
                for ((i = 1; i < COMP_CWORD; i++)); do
                    next="${path:+$path }${COMP_WORDS[i]}"
                    case "$next" in

            """);
        string known = string.Join('|', Paths(root).Where(p => p.Path.Length > 0).Select(p => Quote(p.Path)));
        s.Append("            ").Append(known).Append(") path=\"$next\" ;;\n");
        s.Append("""
                    esac
                done
                case "$path" in

            """);
        foreach ((string path, Command command) in Paths(root))
        {
            s.Append("        ").Append(Quote(path)).Append(")\n");
            s.Append("            case \"$prev\" in\n");
            foreach (Option option in CommandTree.Options(command, root).Where(CommandTree.TakesValue))
            {
                IReadOnlyList<string> choices = CommandTree.Choices(option);
                s.Append("                ").Append(string.Join('|', CommandTree.Names(option))).Append(") ");
                s.Append(choices.Count > 0
                    ? $"COMPREPLY=($(compgen -W '{string.Join(' ', choices)}' -- \"$cur\")); return ;;\n"
                    : "COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n");
            }

            s.Append("            esac\n");
            IEnumerable<string> words = CommandTree.Commands(command).Select(c => c.Name)
                .Concat(CommandTree.Options(command, root).SelectMany(CommandTree.Names));
            s.Append("            COMPREPLY=($(compgen -W '").Append(string.Join(' ', words)).Append("' -- \"$cur\")) ;;\n");
        }

        s.Append("""
                esac
            }
            complete -o default -F _netdrop netdrop

            """);
        return s.ToString();
    }

    // zsh runs the bash function through its bash completion layer, so both shells complete alike.
    private static string Zsh(Command root) =>
        "#compdef netdrop\n# netdrop completion for zsh. Load it with: source <(netdrop completion zsh)\n"
        + "autoload -U +X bashcompinit && bashcompinit\n"
        + string.Join('\n', Bash(root).Split('\n').Skip(1));

    private static string Fish(Command root)
    {
        var s = new StringBuilder("# netdrop completion for fish. Load it with: netdrop completion fish | source\n");
        s.Append("complete -c netdrop -f\n");
        foreach ((string path, Command command) in Paths(root))
        {
            string[] parts = path.Length == 0 ? [] : path.Split(' ');
            string condition = parts.Length == 0
                ? "__fish_use_subcommand"
                : "__fish_seen_subcommand_from " + parts[^1] + string.Concat(CommandTree.Commands(command).Select(c => "; and not __fish_seen_subcommand_from " + c.Name));
            foreach (Command sub in CommandTree.Commands(command))
            {
                s.Append($"complete -c netdrop -n '{condition}' -a {sub.Name} -d {FishQuote(FirstSentence(sub.Description))}\n");
            }

            foreach (Option option in CommandTree.Options(command, root))
            {
                s.Append($"complete -c netdrop -n '{condition}'");
                foreach (string name in CommandTree.Names(option))
                {
                    s.Append(name.StartsWith("--", StringComparison.Ordinal) ? " -l " + name[2..] : " -s " + name[1..]);
                }

                IReadOnlyList<string> choices = CommandTree.Choices(option);
                if (choices.Count > 0)
                {
                    s.Append(" -x -a ").Append(FishQuote(string.Join(' ', choices)));
                }
                else if (CommandTree.TakesValue(option))
                {
                    s.Append(" -r -F");
                }

                s.Append(" -d ").Append(FishQuote(FirstSentence(option.Description))).Append('\n');
            }
        }

        return s.ToString();
    }

    private static string Quote(string path) => path.Length == 0 ? "\"\"" : path.Contains(' ') ? $"\"{path}\"" : path;

    private static string FishQuote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string FirstSentence(string? text)
    {
        string line = (text ?? "").Trim().Split('\n')[0].Trim();
        int stop = line.IndexOf(". ", StringComparison.Ordinal);
        return (stop > 0 ? line[..stop] : line.TrimEnd('.'));
    }
}
