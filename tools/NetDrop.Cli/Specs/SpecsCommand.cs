using System;
using System.CommandLine;
using System.IO;
using NetDrop.Cli.Output;
using NetDrop.Files;
using NetDrop.SpecSync;
using NetDrop.SpecSync.Docs;
using NetDrop.SpecSync.Headers;
using NetDrop.SpecSync.Kernel;
using NetDrop.SpecSync.Specs;
using NetDrop.Tracing;

namespace NetDrop.Cli.Specs;

/// <summary>netdrop specs: sync the specs with a kernel, and write the drop-reason compatibility table.</summary>
internal static class SpecsCommand
{
    // Headers, specs and docs are the user's files: read and written with the user's own rights, never
    // through a link, never another user's; the preprocessor runs with the user's rights too (netdrop may
    // hold capabilities for tracefs).
    static SpecsCommand()
    {
        SpecSyncHost.ReadText = SafeFile.ReadAllText;
        SpecSyncHost.ReplaceText = SafeFile.ReplaceText;
        SpecSyncHost.StartProcess = UserProcess.Start;
    }

    public static Command Create()
    {
        var command = new Command("specs", "Keep specs/*.yaml in step with the kernel: sync them with headers or the running kernel, write docs from them.");
        command.Subcommands.Add(CreateSync());
        command.Subcommands.Add(CreateDocs());
        return command;
    }

    private static Command CreateSync()
    {
        var headers = new Option<string?>("--headers") { Description = "A kernel source tree or an installed header tree (/usr/include)." };
        var tracefs = new Option<bool>("--tracefs") { Description = "Read the running kernel's drop reasons from events/skb/kfree_skb/format." };
        var tracefsDir = new Option<string?>("--tracefs-dir") { Description = "The tracefs mount to read with --tracefs (default: found in /proc/mounts)." };
        var specs = new Option<string>("--specs") { Description = "The specs directory.", DefaultValueFactory = _ => "specs" };
        var version = new Option<string?>("--kernel-version") { Description = "The kernel version (6.1) when the source does not say it." };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the specs are out of date." };
        var command = new Command("sync", """
            Update specs/*.yaml from kernel headers or the running kernel: drop reasons with each kernel's
            numbers, NET_DM commands and attributes, PACKET_* options and TP_STATUS flags. Keeps everything
            else (descriptions, extensions, comments), never deletes an entry, and prints what it found:
            added, renamed, changed value, removed in this kernel.

            Examples:
              netdrop specs sync --headers /usr/src/linux-source-6.1
              netdrop specs sync --tracefs
              netdrop specs sync --headers /usr/include --check
            """)
        {
            headers, tracefs, tracefsDir, specs, version, check,
        };
        command.SetAction(parse => RunSync(parse.GetValue(headers), parse.GetValue(tracefs), parse.GetValue(tracefsDir), parse.GetValue(specs)!, parse.GetValue(version), parse.GetValue(check), new TerminalTextWriter(Console.Out), new TerminalTextWriter(Console.Error)));
        return command;
    }

    private static Command CreateDocs()
    {
        var specs = new Option<string>("--specs") { Description = "The specs directory.", DefaultValueFactory = _ => "specs" };
        var output = new Option<string>("--output") { Description = "The file to write.", DefaultValueFactory = _ => "docs/drop-reasons.md" };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the file is not current." };
        var command = new Command("docs", "Write docs/drop-reasons.md, the drop reasons by kernel, from specs/drop_reasons.yaml.") { specs, output, check };
        command.SetAction(parse => RunDocs(parse.GetValue(specs)!, parse.GetValue(output)!, parse.GetValue(check), new TerminalTextWriter(Console.Out), new TerminalTextWriter(Console.Error)));
        return command;
    }

    internal static int RunSync(string? headers, bool tracefs, string? tracefsDir, string specs, string? versionText, bool check, TextWriter output, TextWriter error)
    {
        if ((headers is null) == !tracefs)
        {
            error.WriteLine("netdrop specs sync: give either --headers DIR or --tracefs.");
            return ExitCodes.Usage;
        }

        try
        {
            KernelVersion? version = versionText is null ? null : KernelVersion.Parse(versionText);
            KernelSnapshot snapshot = headers is not null
                ? KernelHeaders.Read(headers, version)
                : TracefsDropReasons.Read(tracefsDir ?? Tracefs.Locate(), tracefsDir is not null, version);
            SpecSyncResult result = SpecSynchronizer.Sync(specs, snapshot, write: !check);
            foreach (SyncChange change in result.Changes)
            {
                if (change.Kind != SyncChangeKind.Recorded)
                {
                    output.WriteLine("  " + change);
                }
            }

            foreach (string skipped in result.Skipped)
            {
                output.WriteLine($"  {skipped}: {snapshot.Source} has nothing for it; left as it is");
            }

            output.WriteLine($"Linux {snapshot.Version} from {snapshot.Source}: {result.Summary()}.");
            if (result.UpToDate)
            {
                output.WriteLine("The specs are current.");
                return ExitCodes.Ok;
            }

            if (check)
            {
                output.WriteLine($"Out of date: {string.Join(", ", result.OutOfDate)}. Run without --check to update them.");
                return ExitCodes.Failed;
            }

            if (result.Written.Count > 0)
            {
                output.WriteLine($"Updated: {string.Join(", ", result.Written)}. Rebuild to regenerate the code; run 'netdrop specs docs' for docs/drop-reasons.md.");
            }

            if (result.OutOfDate.Count > result.Written.Count)
            {
                output.WriteLine("Some additions need a hand edit (listed above as 'not written').");
            }

            return ExitCodes.Ok;
        }
        catch (Exception exception) when (exception is HeaderFormatException or SpecFormatException or FormatException or TracefsUnavailableException)
        {
            error.WriteLine("netdrop specs sync: " + exception.Message + " (no spec was changed)");
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Only writing can get here (reading is reported above), after every spec was worked out.
            error.WriteLine($"netdrop specs sync: a spec could not be written ({exception.Message}); check the files' permissions and run it again (syncing again is safe)");
            return ExitCodes.Usage;
        }
    }

    internal static int RunDocs(string specs, string outputPath, bool check, TextWriter output, TextWriter error)
    {
        try
        {
            string table = CompatibilityTable.Generate(Path.Combine(specs, "drop_reasons.yaml"));
            string? current = File.Exists(outputPath) ? SafeFile.ReadAllText(outputPath) : null;
            if (current == table)
            {
                output.WriteLine($"{outputPath} is current.");
                return ExitCodes.Ok;
            }

            if (check)
            {
                output.WriteLine($"{outputPath} is not current: run 'netdrop specs docs'.");
                return ExitCodes.Failed;
            }

            SafeFile.ReplaceText(outputPath, table);
            output.WriteLine($"Wrote {outputPath}.");
            return ExitCodes.Ok;
        }
        catch (Exception exception) when (exception is SpecFormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine("netdrop specs docs: " + exception.Message);
            return ExitCodes.Usage;
        }
    }
}
