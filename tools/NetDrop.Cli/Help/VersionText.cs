using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace NetDrop.Cli.Help;

/// <summary>
/// netdrop --version: "netdrop 1.0.0 (commit 0123abcd…)". The commit is the build's source revision,
/// which the SDK appends to the informational version ("1.0.0+0123abcd…") when it builds from git.
/// </summary>
internal sealed class VersionText : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public static string Line
    {
        get
        {
            string informational = typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            int plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0
                ? $"netdrop {informational} (commit unknown: built outside git)"
                : $"netdrop {informational[..plus]} (commit {informational[(plus + 1)..]})";
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Line);
        return ExitCodes.Ok;
    }
}
