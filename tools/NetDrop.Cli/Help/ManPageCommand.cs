using System;
using System.CommandLine;

namespace NetDrop.Cli.Help;

/// <summary>netdrop man-page: prints the man page (docs/netdrop.1 is its output, checked current by a test).</summary>
internal static class ManPageCommand
{
    public static Command Create(Command root)
    {
        var command = new Command("man-page", "Print netdrop's man page (roff), written from the same descriptions as --help: netdrop man-page > docs/netdrop.1; man ./docs/netdrop.1.");
        command.SetAction(_ =>
        {
            Console.Out.Write(ManPage.Write(root));
            return ExitCodes.Ok;
        });
        return command;
    }
}
