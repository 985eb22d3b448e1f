using System.IO;
using NetDrop.Cli.Doctor;
using NetDrop.SystemChecks;
using Spectre.Console;

namespace NetDrop.Tests.Output;

/// <summary>doctor quotes the kernel's release string and tracefs's reason names: neither reaches the terminal raw, nor as Spectre markup.</summary>
public sealed class DoctorTextTests
{
    [Fact]
    public void Kernel_strings_in_findings_and_reason_lists_are_escaped()
    {
        SystemReport gathered = SystemReport.Gather();
        SystemReport report = gathered with
        {
            Kernel = gathered.Kernel with { Release = "6.18" + HostileStrings.Sequences + "[red]x[/]" },
            DropReasons = new DropReasonCoverage(1, 0, 0, ["NEW" + HostileStrings.Sequences], []),
        };
        var text = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 400;

        ReportText.Write(console, report);

        string output = text.ToString();
        Assert.Equal(-1, output.Replace("\n", "", System.StringComparison.Ordinal).IndexOfAny(HostileStrings.Forbidden));
        Assert.Contains("NEW" + TerminalText.Escape(HostileStrings.Sequences), output, System.StringComparison.Ordinal);
        Assert.Contains("[red]x[/]", output, System.StringComparison.Ordinal);
    }
}
