using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Output;
using NetDrop.Frames;

namespace NetDrop.Cli.Read;

/// <summary>
/// One line per frame: number, time, interface, length, summary, the frames lost before it and its
/// comments; then the statistics. The totals are a message, not data: they go to <paramref name="messages"/> (standard error).
/// </summary>
internal sealed class TextFrameSink(TextWriter output, TextWriter messages) : IFrameSink
{
    private readonly StringBuilder _line = new();

    public void Frame(in CapturedRecord record, string interfaceName, int length, int captured, FrameSummary? summary, string description, IReadOnlyList<string> comments)
    {
        ulong gap = record.DropCount ?? 0;
        StringBuilder line = _line.Clear();
        line.Append(CultureInfo.InvariantCulture, $"{record.FrameNumber,5} ");
        line.Append(record.HasTimestamp ? TimeText.Iso(record.TimestampNanoseconds) : "(no time)");
        TerminalText.Append(line.Append(' '), interfaceName).Append(' ');
        line.Append(captured < length
            ? string.Create(CultureInfo.InvariantCulture, $"{length} bytes ({captured} captured)")
            : string.Create(CultureInfo.InvariantCulture, $"{length} bytes"));
        line.Append(": ").Append(description);
        if (gap > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" [{gap} {(gap == 1 ? "frame" : "frames")} lost before this one]");
        }

        foreach (string comment in comments)
        {
            TerminalText.Append(line.Append(" # "), comment.ReplaceLineEndings(" "));
        }

        output.WriteLine(line.ToString());
    }

    public void Statistics(IReadOnlyList<CaptureStatistics> kept, string? notKept)
    {
        if (notKept is not null)
        {
            output.WriteLine(notKept);
        }

        foreach (CaptureStatistics statistics in kept)
        {
            output.WriteLine(Describe(statistics));
        }
    }

    public void Totals(FrameGaps gaps) =>
        messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{gaps.Frames} {(gaps.Frames == 1 ? "frame" : "frames")}; {gaps.Lost} lost before them in {gaps.Gaps} {(gaps.Gaps == 1 ? "gap" : "gaps")}{(gaps.Gaps > 0 ? $" (the largest, {gaps.Largest}, before frame {gaps.LargestBeforeFrame})" : "")}."));

    private static string Describe(CaptureStatistics statistics)
    {
        PcapNgStatistics c = statistics.Counters;
        var line = TerminalText.Append(new StringBuilder("Statistics for "), CaptureInterfaceName.Of(statistics.Interface)).Append(':');
        int before = line.Length;
        Counter(line, "received by the interface", c.InterfaceReceived);
        Counter(line, "dropped by the interface", c.InterfaceDropped);
        Counter(line, "accepted by the filter", c.FilterAccepted);
        Counter(line, "dropped by the kernel", c.OsDropped);
        Counter(line, "delivered", c.UserDelivered);
        if (c.StartNanoseconds is { } start && c.EndNanoseconds is { } end)
        {
            line.Append(line.Length > before ? "," : "").Append(" from ").Append(TimeText.Iso(start)).Append(" to ").Append(TimeText.Iso(end));
        }

        if (line.Length == before)
        {
            line.Append(" no counters");
        }

        if (c.Comment is { } comment)
        {
            TerminalText.Append(line.Append(" # "), comment.ReplaceLineEndings(" "));
        }

        return line.ToString();
    }

    private static void Counter(StringBuilder line, string name, ulong? value)
    {
        if (value is { } count)
        {
            line.Append(line[^1] == ':' ? " " : ", ").Append(name).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture));
        }
    }
}
