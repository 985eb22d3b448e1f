using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetDrop.Cli.Output;
using NetDrop.SystemChecks;

namespace NetDrop.Cli.Doctor;

/// <summary>netdrop doctor: what this machine offers for drop monitoring, and why.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the report as one JSON object (findings, and the facts behind them) instead of text." };
        var command = new Command("doctor", """
            Says what this machine offers for seeing dropped packets, and why: the kernel, the
            capabilities held, NET_DM (present or not, and how to get it), tracefs and the
            skb:kfree_skb tracepoint, whether NetDrop's BPF program loads (BTF, CAP_BPF and
            CAP_PERFMON, lockdown, the verifier), how many drop reasons this kernel names against NetDrop's
            catalogue (new ones listed), the TPACKET versions AF_PACKET accepts, and the source
            netdrop watch would read. Each finding is ok, warning or missing, with what to do.
            Runs without root too, and says what root would add. Leaves nothing behind: no module
            loaded, no filesystem mounted, no tracefs instance, NET_DM session or BPF program left.

            Exit codes: 0 when the report was made (even if features are missing), 1 when it cannot
            be made, 2 for bad arguments.

            Examples:
              sudo netdrop doctor
              netdrop doctor
              netdrop doctor --json | jq -r '.findings[] | select(.status != "ok") | "\(.topic): \(.remedy)"'
              sudo netdrop doctor --json | jq '.drop_reasons.kernel_only'
            """)
        {
            json,
        };
        command.Action = new DoctorAction(json);
        return command;
    }

    /// <summary>
    /// Answers argument problems itself with exit 2, as watch does: System.CommandLine's own parse
    /// errors would exit 1, the code kept for a report that cannot be made.
    /// </summary>
    private sealed class DoctorAction(Option<bool> json) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            string? problem = parse.Errors.Count > 0 ? parse.Errors[0].Message
                : parse.UnmatchedTokens.Count > 0 ? (parse.UnmatchedTokens[0].StartsWith('-') ? "unknown option" : "unexpected argument") + $" '{parse.UnmatchedTokens[0]}'"
                : null;
            if (problem is not null)
            {
                Console.Error.WriteLine("netdrop doctor: " + problem);
                Console.Error.WriteLine("Run 'netdrop doctor --help' for the options and examples.");
                return ExitCodes.Usage;
            }

            SystemReport report;
            try
            {
                report = SystemReport.Gather();

                // The source's explanation is DropMonitor's, whose advice names the API: the command's flags here.
                report = report with { DropSource = report.DropSource with { Explanation = CommandAdvice.Word(report.DropSource.Explanation) } };
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("netdrop doctor: the report cannot be made: " + TerminalText.Escape(e.Message.ReplaceLineEndings(" ")));
                return ExitCodes.Failed;
            }

            if (parse.GetValue(json))
            {
                using Stream stdout = StandardOutput.Open();
                using (var writer = JsonLines.Create(stdout, indented: true))
                {
                    // The type and schema every command's JSON starts with (docs/json.md), then the report.
                    JsonObject tree = JsonSerializer.SerializeToNode(report, DoctorJsonContext.Default.SystemReport)!.AsObject();
                    tree.Insert(0, "type", "doctor");
                    tree.Insert(1, "schema", JsonRecord.Schema);
                    tree.WriteTo(writer);
                }

                stdout.WriteByte((byte)'\n');
            }
            else
            {
                ReportText.Write(ConsoleTerminal.Create(), report);
            }

            return ExitCodes.Ok;
        }
    }
}
