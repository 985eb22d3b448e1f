using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using NetDrop.Kernel;
using Spectre.Console;

namespace NetDrop.Cli.Watch;

/// <summary>Drops grouped by reason, kernel function and input interface, with totals and rates: the default view.</summary>
internal sealed class DropRateTable : IDropSink
{
    /// <summary>Distinct drop keys remembered before the map is started again: call sites are a few hundred, interfaces few.</summary>
    private const int MaxDropKeys = 1 << 16;

    private readonly Dictionary<(string Reason, string Function, string Interface), RateRow> _rows = new();

    /// <summary>
    /// Each drop's row by what the drop carries, so a repeated drop finds its row without making the
    /// row's strings (the function without its offset, "#7", "subsystem 3"): several addresses in one
    /// function share a row, which only <see cref="_rows"/> knows.
    /// </summary>
    private readonly Dictionary<DropKey, RateRow> _byDrop = new();
    private readonly Stopwatch _clock;
    private readonly bool _kernelAddresses;

    /// <param name="kernelAddresses">Show the raw kernel address where there is no symbol; without it "unknown".</param>
    public DropRateTable(Stopwatch clock, bool kernelAddresses = false)
    {
        _clock = clock;
        _kernelAddresses = kernelAddresses;
    }

    public long Total { get; private set; }

    public int RowCount => _rows.Count;

    public void Write(in WatchedDrop drop)
    {
        DropEvent e = drop.Event;
        var dropKey = new DropKey(e.ReasonName, e.Subsystem, e.Location, e.Symbol, e.InterfaceName, e.InterfaceIndex ?? -1);
        if (!_byDrop.TryGetValue(dropKey, out RateRow? row))
        {
            row = Row(e);
            if (_byDrop.Count >= MaxDropKeys)
            {
                _byDrop.Clear();
            }

            _byDrop.Add(dropKey, row);
        }

        row.Add(_clock.Elapsed.TotalSeconds);
        Total++;
    }

    private RateRow Row(DropEvent e)
    {
        string reason = e.ReasonName ?? (e.Subsystem != 0 ? "subsystem " + e.Subsystem.ToString(CultureInfo.InvariantCulture) : "-");
        string iface = e.InterfaceName ?? (e.InterfaceIndex is { } index ? "#" + index.ToString(CultureInfo.InvariantCulture) : "-");
        var key = (reason, KernelFunction.Describe(e, _kernelAddresses), iface);
        if (!_rows.TryGetValue(key, out RateRow? row))
        {
            // The kernel's strings, escaped once per row; Render escapes Spectre's markup on top.
            row = new RateRow(TerminalText.Escape(key.reason), TerminalText.Escape(key.Item2), TerminalText.Escape(key.iface));
            _rows.Add(key, row);
        }

        return row;
    }

    public void Flush()
    {
    }

    /// <summary>The table as it stands; at most <paramref name="maxRows"/> rows, the busiest first, and a line for the rest.</summary>
    public Table Render(string caption, int maxRows = int.MaxValue, TableBorder? border = null)
    {
        double elapsed = _clock.Elapsed.TotalSeconds;
        var table = new Table().Border(border ?? TableBorder.Rounded)
            .AddColumn("reason")
            .AddColumn("function")
            .AddColumn("iface")
            .AddColumn(new TableColumn("drops").RightAligned())
            .AddColumn(new TableColumn($"/s last {RateRow.WindowSeconds} s").RightAligned())
            .AddColumn(new TableColumn("/s average").RightAligned());
        List<RateRow> rows = _rows.Values
            .OrderByDescending(r => r.Total)
            .ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ThenBy(r => r.Function, StringComparer.Ordinal)
            .ThenBy(r => r.Interface, StringComparer.Ordinal)
            .ToList();
        foreach (RateRow row in rows.Take(maxRows))
        {
            table.AddRow(
                Markup.Escape(row.Reason),
                Markup.Escape(row.Function),
                Markup.Escape(row.Interface),
                row.Total.ToString(CultureInfo.InvariantCulture),
                Rate(row.RecentRate(elapsed)),
                Rate(elapsed > 0 ? row.Total / elapsed : 0));
        }

        if (rows.Count > maxRows)
        {
            long rest = rows.Skip(maxRows).Sum(r => r.Total);
            table.AddRow($"[dim]… {rows.Count - maxRows} more rows[/]", "", "", rest.ToString(CultureInfo.InvariantCulture), "", "");
        }

        return table.Caption(Markup.Escape(caption));
    }

    /// <summary>What decides a drop's row, as the drop carries it (no index is -1).</summary>
    private readonly record struct DropKey(string? Reason, ushort Subsystem, ulong Location, string? Symbol, string? Interface, int InterfaceIndex);

    private static string Rate(double perSecond) => perSecond.ToString("0.0", CultureInfo.InvariantCulture);
}
