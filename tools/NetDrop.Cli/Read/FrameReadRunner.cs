using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Output;
using NetDrop.Frames;

namespace NetDrop.Cli.Read;

/// <summary>
/// `netdrop read` for packet captures (NetDrop's own pcapng files, or any Ethernet, raw IP or cooked
/// capture): one line per frame with its time, interface, length, the frames lost before it, a summary of
/// its headers and its comment; then the interface statistics and the gap totals. `--json` gives one object
/// per frame and per statistics block.
/// </summary>
internal static class FrameReadRunner
{
    public static int Run(CaptureFileReader reader, string path, bool json, Stream output, TextWriter error)
    {
        using var text = new StreamWriter(output, new UTF8Encoding(false), 65536, leaveOpen: true) { AutoFlush = false };
        using JsonFrameSink? jsonSink = json ? new JsonFrameSink(output, error) : null;
        IFrameSink sink = jsonSink is not null ? jsonSink : new TextFrameSink(text, error);
        var gaps = new FrameGaps();
        var comments = new List<string>();
        while (reader.TryReadNext(out CapturedRecord record))
        {
            gaps.Count(record.FrameNumber, record.DropCount ?? 0);
            comments.Clear();
            foreach (ReadOnlySpan<byte> comment in record.Comments)
            {
                comments.Add(Encoding.UTF8.GetString(comment));
            }

            CapturedFrameContent content = record.Summarize(out FrameSummary summary, out int tagLength);
            bool decoded = content == CapturedFrameContent.Decoded;

            // A tagged frame's tags are NetDrop's framing, not part of the packet.
            int length = record.OriginalLength - tagLength;
            int captured = record.Data.Length - tagLength;
            string description = decoded ? FrameText.Describe(summary, originalLength: null) : Undecoded(content, record.LinkType);
            sink.Frame(record, CaptureInterfaceName.Of(record.Interface), length, captured, decoded ? summary : null, description, comments);
        }

        // The statistics are settled when they are first asked for; only then is the count of those not kept.
        IReadOnlyList<CaptureStatistics> kept = reader.Statistics;
        string? notKept = reader.StatisticsNotKept == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"{reader.StatisticsNotKept} earlier interface statistics blocks were not kept: only the last {CaptureFileReader.MaxKeptStatistics} are.");
        sink.Statistics(kept, notKept);
        text.Flush();
        sink.Totals(gaps);
        output.Flush();
        if (reader.Error is not null)
        {
            error.WriteLine($"netdrop read: {TerminalText.Escape(path)}: {TerminalText.Escape(reader.Error.Message)}. Every frame before it is printed above.");
            return ExitCodes.Failed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>Why a frame's headers are not shown.</summary>
    private static string Undecoded(CapturedFrameContent content, int linkType) => content switch
    {
        CapturedFrameContent.NoBytes => "no packet bytes",
        CapturedFrameContent.HeadersNotRecognised => "headers not recognised",
        CapturedFrameContent.TagsCutShort => "tagged frame whose tags are cut short",
        CapturedFrameContent.TaggedBytes => "bytes not decoded",
        _ => string.Create(CultureInfo.InvariantCulture, $"link type {linkType}, not decoded"),
    };
}
