using System.CommandLine;
using NetDrop.Cli.Demo;
using NetDrop.Cli.Read;

namespace NetDrop.Cli;

/// <summary>The netdrop command: see which packets the kernel drops, where and why.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("netdrop: see which packets the Linux kernel drops, where and why.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(Doctor.DoctorCommand.Create());
        root.Subcommands.Add(ReadCommand.Create());
        root.Subcommands.Add(Watch.WatchCommand.Create());
        root.Subcommands.Add(Capture.CaptureCommand.Create());
        root.Subcommands.Add(Specs.SpecsCommand.Create());
        root.Subcommands.Add(Agent.AgentCommand.Create());
        return root.Parse(args, Parsing).Invoke();
    }

    /// <summary>
    /// How arguments are read. No response files: System.CommandLine would replace an argument '@FILE'
    /// with FILE's words, read with NetDrop's rights (CAP_DAC_OVERRIDE, say) and echoed back in errors, so
    /// 'netdrop read @/etc/shadow' would print the file. '@FILE' is an argument like any other.
    /// </summary>
    internal static ParserConfiguration Parsing => new() { ResponseFileTokenReplacer = null };
}
