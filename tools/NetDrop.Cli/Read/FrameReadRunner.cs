using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using NetDrop.Capture;
using NetDrop.Cli.Watch;
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
    // LINKTYPE_LINUX_SLL: 16-byte header, protocol in its last two bytes; LINKTYPE_LINUX_SLL2: 20 bytes, protocol first.
    private const int SllHeaderLength = 16;
    private const int Sll2HeaderLength = 20;

    public static int Run(CaptureFileReader reader, string path, bool json, Stream output, TextWriter error)
    {
        using var text = new StreamWriter(output, new UTF8Encoding(false), 65536, leaveOpen: true) { AutoFlush = false };
        using var jsonWriter = json ? new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = TerminalSafeJsonEncoder.Instance }) : null;

        long frames = 0;
        ulong lost = 0;
        long gaps = 0;
        ulong largestGap = 0;
        int largestGapFrame = 0;
        var line = new StringBuilder();
        var comments = new List<string>();
        while (reader.TryReadNext(out CapturedRecord record))
        {
            frames++;
            ulong gap = record.DropCount ?? 0;
            if (gap > 0)
            {
                lost += gap;
                gaps++;
                if (gap > largestGap)
                {
                    largestGap = gap;
                    largestGapFrame = record.FrameNumber;
                }
            }

            comments.Clear();
            foreach (ReadOnlySpan<byte> comment in record.Comments)
            {
                comments.Add(Encoding.UTF8.GetString(comment));
            }

            bool decoded = TrySummarize(record, out FrameSummary summary, out string? undecoded, out int tagLength);

            // A tagged frame's tags are NetDrop's framing, not part of the packet.
            int length = record.OriginalLength - tagLength;
            int captured = record.Data.Length - tagLength;
            string description = decoded ? FrameText.Describe(summary, originalLength: null) : undecoded!;
            string interfaceName = InterfaceName(record.Interface);
            if (jsonWriter is not null)
            {
                WriteJson(jsonWriter, record, length, captured, interfaceName, decoded ? summary : null, description, comments);
                EndJsonLine(jsonWriter, output);
                continue;
            }

            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{record.FrameNumber,5} ");
            line.Append(record.HasTimestamp ? TextMessageSink.FormatIso(record.TimestampNanoseconds) : "(no time)");
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

            text.WriteLine(line.ToString());
        }

        IReadOnlyList<CaptureStatistics> kept = reader.Statistics;
        string? notKept = reader.StatisticsNotKept == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"{reader.StatisticsNotKept} earlier interface statistics blocks were not kept: only the last {CaptureFileReader.MaxKeptStatistics} are.");
        if (jsonWriter is not null)
        {
            foreach (CaptureStatistics statistics in kept)
            {
                WriteJson(jsonWriter, statistics);
                EndJsonLine(jsonWriter, output);
            }

            if (notKept is not null)
            {
                error.WriteLine(notKept);
            }
        }
        else
        {
            if (notKept is not null)
            {
                text.WriteLine(notKept);
            }

            foreach (CaptureStatistics statistics in kept)
            {
                text.WriteLine(Describe(statistics));
            }

            text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{frames} {(frames == 1 ? "frame" : "frames")}; {lost} lost before them in {gaps} {(gaps == 1 ? "gap" : "gaps")}{(gaps > 0 ? $" (the largest, {largestGap}, before frame {largestGapFrame})" : "")}."));
        }

        text.Flush();
        output.Flush();
        if (reader.Error is not null)
        {
            error.WriteLine($"netdrop read: {TerminalText.Escape(path)}: {TerminalText.Escape(reader.Error.Message)}. Every frame before it is printed above.");
            return ReadRunner.ExitDamaged;
        }

        return ReadRunner.ExitOk;
    }

    // One object per line: the writer is reset after each, or it would refuse a second top-level value.
    private static void EndJsonLine(Utf8JsonWriter json, Stream output)
    {
        json.Flush();
        json.Reset(output);
        output.WriteByte((byte)'\n');
    }

    private static string InterfaceName(CaptureInterface captureInterface) =>
        captureInterface.Name ?? "if" + captureInterface.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads the frame's headers as its link type says; false with a reason when there is nothing to decode.</summary>
    private static bool TrySummarize(in CapturedRecord record, out FrameSummary summary, out string? undecoded, out int tagLength)
    {
        ReadOnlySpan<byte> data = record.Data;
        undecoded = null;
        tagLength = 0;
        summary = default;
        switch (record.LinkType)
        {
            case LinkTypes.Ethernet:
                return FrameSummary.TryParse(data, 0, out summary) || Undecoded(data, out undecoded);
            case LinkTypes.Raw:
                ushort version = data.IsEmpty ? (ushort)0 : (data[0] >> 4) switch
                {
                    4 => EtherTypes.IPv4,
                    6 => EtherTypes.IPv6,
                    _ => (ushort)0,
                };
                return FrameSummary.TryParse(data, version, out summary) || Undecoded(data, out undecoded);
            case LinkTypes.LinuxSll when data.Length >= SllHeaderLength:
                return FrameSummary.TryParse(data[SllHeaderLength..], BinaryPrimitives.ReadUInt16BigEndian(data[14..]), out summary) || Undecoded(data, out undecoded);
            case LinkTypes.LinuxSll2 when data.Length >= Sll2HeaderLength:
                return FrameSummary.TryParse(data[Sll2HeaderLength..], BinaryPrimitives.ReadUInt16BigEndian(data), out summary) || Undecoded(data, out undecoded);
            case LinkTypes.WiresharkUpperPdu:
                if (!UpperPduTags.TrySkip(data, out ReadOnlySpan<byte> payload))
                {
                    undecoded = "tagged frame whose tags are cut short";
                }
                else
                {
                    tagLength = data.Length - payload.Length;
                    undecoded = payload.IsEmpty ? "no packet bytes" : "bytes not decoded";
                }

                return false;
            default:
                undecoded = string.Create(CultureInfo.InvariantCulture, $"link type {record.LinkType}, not decoded");
                return false;
        }
    }

    private static bool Undecoded(ReadOnlySpan<byte> data, out string? reason)
    {
        reason = data.IsEmpty ? "no packet bytes" : "headers not recognised";
        return false;
    }

    private static string Describe(CaptureStatistics statistics)
    {
        PcapNgStatistics c = statistics.Counters;
        var line = TerminalText.Append(new StringBuilder("Statistics for "), InterfaceName(statistics.Interface)).Append(':');
        int before = line.Length;
        Counter(line, "received by the interface", c.InterfaceReceived);
        Counter(line, "dropped by the interface", c.InterfaceDropped);
        Counter(line, "accepted by the filter", c.FilterAccepted);
        Counter(line, "dropped by the kernel", c.OsDropped);
        Counter(line, "delivered", c.UserDelivered);
        if (c.StartNanoseconds is { } start && c.EndNanoseconds is { } end)
        {
            line.Append(line.Length > before ? "," : "").Append(" from ").Append(TextMessageSink.FormatIso(start)).Append(" to ").Append(TextMessageSink.FormatIso(end));
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

    private static void WriteJson(Utf8JsonWriter json, in CapturedRecord record, int length, int captured, string interfaceName, FrameSummary? summary, string description, List<string> comments)
    {
        json.WriteStartObject();
        json.WriteString("type", "frame");
        json.WriteNumber("frame", record.FrameNumber);
        if (record.HasTimestamp)
        {
            json.WriteString("time", TextMessageSink.FormatIso(record.TimestampNanoseconds));
            json.WriteNumber("time_ns", record.TimestampNanoseconds);
        }

        json.WriteString("interface", interfaceName);
        json.WriteNumber("link_type", record.LinkType);
        json.WriteNumber("length", length);
        json.WriteNumber("captured", captured);
        json.WriteNumber("lost_before", record.DropCount ?? 0);
        if (record.Flags is { } flags)
        {
            json.WriteString("flags", "0x" + flags.Value.ToString("x8", CultureInfo.InvariantCulture));
            if (flags.Direction != PcapNgDirection.Unknown)
            {
                json.WriteString("direction", flags.Direction == PcapNgDirection.Inbound ? "inbound" : "outbound");
            }

            if (flags.ChecksumValid)
            {
                json.WriteBoolean("checksum_valid", true);
            }

            if (flags.ChecksumNotReady)
            {
                json.WriteBoolean("checksum_not_ready", true);
            }

            if (flags.TcpSegmentationOffloaded)
            {
                json.WriteBoolean("tcp_segmentation_offloaded", true);
            }
        }

        json.WriteString("summary", description);
        if (summary is { } frame)
        {
            if (frame.HasAddresses)
            {
                json.WriteString("src", frame.SourceAddress!.ToString());
                json.WriteString("dst", frame.DestinationAddress!.ToString());
            }

            if (frame.HasIpProtocol)
            {
                json.WriteNumber("proto", frame.IpProtocol);
            }

            if (frame.HasPorts)
            {
                json.WriteNumber("sport", frame.SourcePort);
                json.WriteNumber("dport", frame.DestinationPort);
            }
        }

        if (comments.Count > 0)
        {
            json.WriteStartArray("comments");
            foreach (string comment in comments)
            {
                json.WriteStringValue(comment);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteJson(Utf8JsonWriter json, CaptureStatistics statistics)
    {
        PcapNgStatistics c = statistics.Counters;
        json.WriteStartObject();
        json.WriteString("type", "statistics");
        json.WriteString("interface", InterfaceName(statistics.Interface));
        json.WriteNumber("time_ns", statistics.TimestampNanoseconds);
        Number(json, "start_ns", c.StartNanoseconds);
        Number(json, "end_ns", c.EndNanoseconds);
        Number(json, "if_received", c.InterfaceReceived);
        Number(json, "if_dropped", c.InterfaceDropped);
        Number(json, "filter_accepted", c.FilterAccepted);
        Number(json, "os_dropped", c.OsDropped);
        Number(json, "delivered", c.UserDelivered);
        if (c.Comment is not null)
        {
            json.WriteString("comment", c.Comment);
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, ulong? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }
}
