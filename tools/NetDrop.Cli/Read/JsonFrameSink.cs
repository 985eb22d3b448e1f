using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Output;
using NetDrop.Frames;

namespace NetDrop.Cli.Read;

/// <summary>
/// --json: one object per frame and per statistics block (JSON Lines); no totals, which jq can count. A
/// note that older statistics blocks were not kept goes to standard error, so standard output stays JSON.
/// </summary>
internal sealed class JsonFrameSink : IFrameSink, IDisposable
{
    private readonly Stream _output;
    private readonly TextWriter _error;
    private readonly Utf8JsonWriter _writer;

    public JsonFrameSink(Stream output, TextWriter error)
    {
        _output = output;
        _error = error;
        _writer = JsonLines.Create(output);
    }

    public void Frame(in CapturedRecord record, string interfaceName, int length, int captured, FrameSummary? summary, string description, IReadOnlyList<string> comments)
    {
        WriteJson(_writer, record, length, captured, interfaceName, summary, description, comments);
        JsonLines.EndLine(_writer, _output);
    }

    public void Statistics(IReadOnlyList<CaptureStatistics> kept, string? notKept)
    {
        foreach (CaptureStatistics statistics in kept)
        {
            WriteJson(_writer, statistics);
            JsonLines.EndLine(_writer, _output);
        }

        if (notKept is not null)
        {
            _error.WriteLine(notKept);
        }
    }

    public void Totals(FrameGaps gaps)
    {
    }

    public void Dispose() => _writer.Dispose();

    private static void WriteJson(Utf8JsonWriter json, in CapturedRecord record, int length, int captured, string interfaceName, FrameSummary? summary, string description, IReadOnlyList<string> comments)
    {
        json.WriteStartObject();
        JsonRecord.WriteHeader(json, "frame", record.HasTimestamp ? record.TimestampNanoseconds : null);
        json.WriteNumber("frame", record.FrameNumber);

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
                // As watch writes it: the name where there is one, the number always.
                json.WriteString("proto", IpProtocols.Name(frame.IpProtocol) ?? frame.IpProtocol.ToString(CultureInfo.InvariantCulture));
                json.WriteNumber("proto_num", frame.IpProtocol);
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
        JsonRecord.WriteHeader(json, "statistics", statistics.TimestampNanoseconds);
        json.WriteString("interface", CaptureInterfaceName.Of(statistics.Interface));
        Nanoseconds(json, "start_ns", c.StartNanoseconds);
        Nanoseconds(json, "end_ns", c.EndNanoseconds);
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

    // Nanosecond times are strings, as time_ns is (docs/json.md): 19 digits are past a double's precision.
    private static void Nanoseconds(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v.ToString(CultureInfo.InvariantCulture));
        }
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
