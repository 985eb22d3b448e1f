using System;
using System.CommandLine;
using System.CommandLine.Invocation;

namespace NetDrop.Cli;

/// <summary>
/// A command's action that answers every argument problem itself, with one clear line and exit 2:
/// System.CommandLine's own parse errors (a missing value, "abc" for a number, an unknown option) would
/// otherwise exit 1, the code the commands keep for a kernel feature or a device that cannot be used.
/// </summary>
/// <param name="name">The command's name, for "netdrop NAME: ..." and the help hint.</param>
/// <param name="check">Turns the parse into checked options, or the reason they cannot be used.</param>
/// <param name="run">Runs the command with the checked options and returns its exit code.</param>
/// <param name="isPreformatted">Errors printed as they are (e.g. a filter's error with its caret line), without the "netdrop NAME: " prefix.</param>
/// <param name="strayArgumentHint">What to say after an unexpected argument, e.g. to quote an expression that the shell split.</param>
internal sealed class CheckedAction<TOptions>(
    string name,
    Func<ParseResult, (TOptions? Options, string? Error)> check,
    Func<TOptions, int> run,
    Func<string, bool>? isPreformatted = null,
    string? strayArgumentHint = null) : SynchronousCommandLineAction
    where TOptions : class
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parse)
    {
        string? problem = parse.Errors.Count > 0 ? string.Join(Environment.NewLine, parse.Errors)
            : parse.UnmatchedTokens.Count > 0 ? Unmatched(parse.UnmatchedTokens[0])
            : null;
        (TOptions? options, string? error) = problem is null ? check(parse) : (null, problem);
        if (options is null)
        {
            error ??= "the arguments cannot be used";
            Console.Error.WriteLine(isPreformatted?.Invoke(error) == true ? error : $"netdrop {name}: {error}");
            Console.Error.WriteLine($"Run 'netdrop {name} --help' for the options and examples.");
            return ExitCodes.Usage;
        }

        return run(options);
    }

    private string Unmatched(string token) =>
        token.StartsWith('-') ? $"unknown option '{token}'"
        : strayArgumentHint is null ? $"unexpected argument '{token}'"
        : $"unexpected argument '{token}' ({strayArgumentHint})";
}
