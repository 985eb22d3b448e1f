using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetDrop.Load.Benchmarks;

/// <summary>Prints measurements as a table, the CPU-per-event ratios of one run, and the spread over runs.</summary>
internal static class ResultTable
{
    private const string Header =
        "| reader       | buffer     | expected   | counted    | lost       | tool-reported lost | load (/s)      | consumed (/s)       | reader CPU (ms) | CPU/event (ns) | alloc/event (B) |";

    private const string Rule =
        "|--------------|-----------:|-----------:|-----------:|-----------:|-------------------:|---------------:|--------------------:|----------------:|---------------:|----------------:|";

    public static string Format(IReadOnlyList<ReaderMeasurement> measurements)
    {
        var text = new StringBuilder();
        text.AppendLine(Header).AppendLine(Rule);
        foreach (ReaderMeasurement m in measurements)
        {
            text.AppendLine(Row(m));
        }

        foreach (ReaderMeasurement m in measurements)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {m.Reader}: generator sent {m.Sent:N0} in {m.GeneratorSeconds:0.00} s; tool's loss counters: {m.ToolLossDetail}");
            text.AppendLine(m.Note is null ? string.Empty : "; " + m.Note);
        }

        string? ratios = Ratios(measurements);
        if (ratios is not null)
        {
            text.AppendLine(ratios);
        }

        return text.ToString();
    }

    public static string Row(ReaderMeasurement m) => string.Format(
        CultureInfo.InvariantCulture,
        "| {0,-12} | {1,10} | {2,10:N0} | {3,10:N0} | {4,10:N0} | {5,18:N0} | {6,14:N0} | {7,19:N0} | {8,15:N1} | {9,14:N1} | {10,15} |",
        m.Reader,
        m.BufferKilobytes > 0 ? m.BufferKilobytes.ToString(CultureInfo.InvariantCulture) + " KiB" : "default",
        m.Expected,
        m.Counted,
        m.Lost,
        m.ToolReportedLost,
        m.LoadRate,
        m.EventsPerSecond,
        m.CpuNanoseconds / 1e6,
        m.CpuNanosecondsPerEvent,
        m.BytesPerEvent is double bytes ? bytes.ToString("0.000", CultureInfo.InvariantCulture) : "n/a");

    /// <summary>"NetDrop CPU/event = 0.21 x perf record, 0.02 x trace_pipe" for one run.</summary>
    public static string? Ratios(IReadOnlyList<ReaderMeasurement> run)
    {
        ReaderMeasurement? netDrop = run.FirstOrDefault(m => m.Reader == "NetDrop");
        if (netDrop is null)
        {
            return null;
        }

        var parts = run.Where(m => m.Reader != "NetDrop")
            .Select(m => string.Format(CultureInfo.InvariantCulture, "{0:0.000} x {1}", netDrop.CpuNanosecondsPerEvent / m.CpuNanosecondsPerEvent, m.Reader))
            .ToList();
        return parts.Count == 0 ? null : "NetDrop CPU per event = " + string.Join(", ", parts);
    }

    /// <summary>Per reader over the runs: min, median and max of CPU/event and of the consumed rate, total loss; and the ratios' range.</summary>
    public static string Spread(IReadOnlyList<IReadOnlyList<ReaderMeasurement>> runs)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Spread over {runs.Count} run(s) (min / median / max):");
        foreach (string reader in runs.SelectMany(r => r).Select(m => m.Reader).Distinct())
        {
            List<ReaderMeasurement> all = runs.SelectMany(r => r).Where(m => m.Reader == reader).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {reader,-11}  CPU/event {Range(all.Select(m => m.CpuNanosecondsPerEvent), "0.0")} ns   consumed {Range(all.Select(m => m.EventsPerSecond), "N0")} /s   load {Range(all.Select(m => m.LoadRate), "N0")}/s   lost {all.Sum(m => m.Lost):N0} of {all.Sum(m => m.Expected):N0}");
        }

        foreach (string other in runs.SelectMany(r => r).Select(m => m.Reader).Where(r => r != "NetDrop").Distinct())
        {
            var ratios = new List<double>();
            foreach (IReadOnlyList<ReaderMeasurement> run in runs)
            {
                ReaderMeasurement? netDrop = run.FirstOrDefault(m => m.Reader == "NetDrop");
                ReaderMeasurement? them = run.FirstOrDefault(m => m.Reader == other);
                if (netDrop is not null && them is not null)
                {
                    ratios.Add(netDrop.CpuNanosecondsPerEvent / them.CpuNanosecondsPerEvent);
                }
            }

            if (ratios.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  NetDrop CPU/event vs {other}: {Range(ratios, "0.000")} (same-run ratios)");
            }
        }

        return text.ToString();
    }

    private static string Range(IEnumerable<double> values, string format)
    {
        double[] sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return "n/a";
        }

        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Format(CultureInfo.InvariantCulture, "{0} / {1} / {2}",
            sorted[0].ToString(format, CultureInfo.InvariantCulture), median.ToString(format, CultureInfo.InvariantCulture), sorted[^1].ToString(format, CultureInfo.InvariantCulture));
    }
}
