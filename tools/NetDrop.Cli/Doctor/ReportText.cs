using System.Collections.Generic;
using System.Globalization;
using NetDrop.SystemChecks;
using Spectre.Console;

namespace NetDrop.Cli.Doctor;

/// <summary>
/// netdrop doctor's human output: one row per finding, then what a row can only count (reasons, versions
/// refused, capabilities). Findings quote /proc, tracefs and kernel files, so every text is escaped for the
/// terminal (<see cref="TerminalText"/>) and then for Spectre's markup.
/// </summary>
internal static class ReportText
{
    public static void Write(IAnsiConsole console, SystemReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("status").AddColumn("topic").AddColumn("finding");
        foreach (Finding finding in report.Findings)
        {
            string text = Safe(CommandAdvice.Word(finding.Summary));
            if (finding.Remedy is not null)
            {
                text += "\n[bold]what to do:[/] " + Safe(CommandAdvice.Word(finding.Remedy));
            }

            table.AddRow(Status(finding.Status), Safe(finding.Topic), text);
        }

        console.Write(table);
        if (report.DropReasons is { } reasons)
        {
            WriteList(console, "Reasons this kernel names that NetDrop's catalogue lacks", reasons.KernelOnly);
            WriteList(console, "Reasons in NetDrop's catalogue that this kernel does not name", reasons.CatalogOnly);
        }

        foreach (TpacketVersionCheck check in report.Tpacket.Versions)
        {
            if (!check.Usable)
            {
                console.MarkupLine(Safe($"{check.Version} not usable: {check.Problem}"));
            }
        }

        console.MarkupLine(Safe("Capabilities held: " + (report.Capabilities.Held.Count == 0 ? "none" : string.Join(", ", report.Capabilities.Held))
            + (report.Capabilities.Lacking.Count == 0 ? "" : "; lacking: " + string.Join(", ", report.Capabilities.Lacking))));
    }

    private static void WriteList(IAnsiConsole console, string title, IReadOnlyList<string> names)
    {
        string count = names.Count.ToString(CultureInfo.InvariantCulture);
        console.MarkupLine(Safe($"{title} ({count}): {(names.Count == 0 ? "none" : string.Join(", ", names))}"));
    }

    private static string Safe(string text) => Markup.Escape(TerminalText.Escape(text));

    private static string Status(FindingStatus status) => status switch
    {
        FindingStatus.Ok => "[green]ok[/]",
        FindingStatus.Warning => "[yellow]warning[/]",
        _ => "[red]missing[/]",
    };
}
