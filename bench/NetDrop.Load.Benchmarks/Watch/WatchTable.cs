using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The watch benchmark's one table: per tracer, min / median / max over the runs of its whole process's
/// CPU per event, the generator's rate while it was attached and its BPF program's run time per run;
/// the same-run ratios against bpftrace and against the tracepoint source with the same output; and the
/// three targets, judged by the medians of the same-run ratios.
/// </summary>
internal static class WatchTable
{
    private const string Bpftrace = BpftraceReader.ReaderName;

    public static string Format(IReadOnlyList<IReadOnlyList<ReaderMeasurement>> runs, double untracedRate)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Over {runs.Count} run(s), min / median / max; the generator alone made {untracedRate:N0} drops/s:");
        text.AppendLine("| tracer | lost (of expected) | CPU/event (ns, whole process) | generator (drops/s) | BPF program (ns/run) | CPU/event vs bpftrace | vs tracepoint | generator vs bpftrace | BPF ns/run vs bpftrace |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string reader in runs.SelectMany(r => r).Select(m => m.Reader).Distinct())
        {
            List<ReaderMeasurement> all = Of(runs, reader);
            long lost = all.Sum(m => Math.Max(Math.Max(0, m.Lost), m.ToolReportedLost));
            string tracepoint = TracepointPeer(reader);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {reader} | {lost:N0} ({all.Sum(m => m.Expected):N0}) | {Range(all.Select(m => m.CpuNanosecondsPerEvent), "0")} | {Range(all.Select(m => m.LoadRate), "N0")} | {Range(all.Select(m => m.Program?.NanosecondsPerRun ?? double.NaN), "0.0")} | {Range(Ratios(runs, reader, Bpftrace, m => m.CpuNanosecondsPerEvent), "0.00")} | {(tracepoint == reader ? "" : Range(Ratios(runs, reader, tracepoint, m => m.CpuNanosecondsPerEvent), "0.00"))} | {Range(Ratios(runs, reader, Bpftrace, m => m.LoadRate), "0.000")} | {Range(Ratios(runs, reader, Bpftrace, m => m.Program?.NanosecondsPerRun ?? double.NaN), "0.00")} |");
        }

        text.AppendLine("(lost: per run the larger of the drops the tracer did not write and those it says it lost; a ratio is this tracer's figure over the other's in the same run; vs tracepoint: against netdrop watch --source tracepoint with the same output)");
        foreach (string output in new[] { "json", "packet" })
        {
            string bpf = "watch bpf " + output;
            List<ReaderMeasurement> ours = Of(runs, bpf);
            if (ours.Count == 0)
            {
                continue;
            }

            bool lossless = ours.All(m => m.Lost <= 0 && m.ToolReportedLost == 0);
            text.AppendLine(CultureInfo.InvariantCulture, $"{bpf}: {(lossless ? "lossless in every run (target met)" : "LOST DROPS (target: lossless: MISSED)")}");
            Target(text, Ratios(runs, bpf, TracepointPeer(bpf), m => m.CpuNanosecondsPerEvent), $"{bpf}: CPU per event vs the tracepoint source", "at most 1.0", r => r <= 1.0);
            Target(text, Ratios(runs, bpf, Bpftrace, m => m.LoadRate), $"{bpf}: generator rate with NetDrop's program vs with bpftrace's", "at least 1.0", r => r >= 1.0);
        }

        return text.ToString();
    }

    private static void Target(StringBuilder text, List<double> ratios, string what, string target, Func<double, bool> met)
    {
        if (ratios.Count == 0)
        {
            return;
        }

        double median = Median(ratios);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{what}: {Range(ratios, "0.000")} (target {target}: {(met(median) ? "met" : "MISSED")} by the median, in {ratios.Count(met)} of {ratios.Count} runs)");
    }

    /// <summary>"watch bpf json" → "watch tracepoint json"; the tracepoint rows and bpftrace are their own peer.</summary>
    private static string TracepointPeer(string reader) =>
        reader.StartsWith("watch bpf ", StringComparison.Ordinal) ? "watch tracepoint " + reader["watch bpf ".Length..] : reader;

    private static List<ReaderMeasurement> Of(IReadOnlyList<IReadOnlyList<ReaderMeasurement>> runs, string reader) =>
        runs.SelectMany(r => r).Where(m => m.Reader == reader).ToList();

    /// <summary>This reader's figure over the other's, run by run, where both ran and both have one.</summary>
    private static List<double> Ratios(IReadOnlyList<IReadOnlyList<ReaderMeasurement>> runs, string reader, string other, Func<ReaderMeasurement, double> figure)
    {
        var ratios = new List<double>();
        if (reader == other)
        {
            return ratios;
        }

        foreach (IReadOnlyList<ReaderMeasurement> run in runs)
        {
            ReaderMeasurement? us = run.FirstOrDefault(m => m.Reader == reader);
            ReaderMeasurement? them = run.FirstOrDefault(m => m.Reader == other);
            if (us is not null && them is not null)
            {
                double ratio = figure(us) / figure(them);
                if (!double.IsNaN(ratio) && !double.IsInfinity(ratio))
                {
                    ratios.Add(ratio);
                }
            }
        }

        return ratios;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Range(IEnumerable<double> values, string format)
    {
        List<double> present = values.Where(v => !double.IsNaN(v)).ToList();
        return present.Count == 0
            ? "n/a"
            : string.Format(CultureInfo.InvariantCulture, "{0} / {1} / {2}",
                present.Min().ToString(format, CultureInfo.InvariantCulture), Median(present).ToString(format, CultureInfo.InvariantCulture), present.Max().ToString(format, CultureInfo.InvariantCulture));
    }
}
