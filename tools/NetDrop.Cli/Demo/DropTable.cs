using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDrop.Kernel;
using Spectre.Console;

namespace NetDrop.Cli.Demo;

/// <summary>Drops counted by reason and kernel function, as the live view shows them.</summary>
internal sealed class DropTable
{
    private readonly Dictionary<(string Reason, string Location), long> _counts = new();

    public long Total { get; private set; }

    public void Add(DropEvent drop)
    {
        var key = (drop.ReasonName ?? (drop.Subsystem != 0 ? $"subsystem {drop.Subsystem}" : "(none)"), KernelFunction.Describe(drop));
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        Total++;
    }

    /// <summary>How many drops had this reason.</summary>
    public long Count(DropReason reason)
    {
        string? name = DropReasonCatalog.KernelName(reason);
        return _counts.Where(c => c.Key.Reason == name).Sum(c => c.Value);
    }

    public Table Render(TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("reason").AddColumn("where").AddColumn(new TableColumn("drops").RightAligned()).AddColumn(new TableColumn("per second").RightAligned());
        double seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        foreach (KeyValuePair<(string Reason, string Location), long> row in _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Reason, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(TerminalText.Escape(row.Key.Reason)),
                Markup.Escape(TerminalText.Escape(row.Key.Location)),
                row.Value.ToString(CultureInfo.InvariantCulture),
                (row.Value / seconds).ToString("0.0", CultureInfo.InvariantCulture));
        }

        table.Caption($"{Total.ToString(CultureInfo.InvariantCulture)} drops in {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return table;
    }

    /// <summary>"nft_do_chain+0x47f/0x5e0 [nf_tables]" → "nft_do_chain [nf_tables]": one row per function, not per call site.</summary>
}
